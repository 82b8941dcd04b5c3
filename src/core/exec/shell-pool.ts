import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandResult, type CommandSpec, commandLine } from './command.js';
import { withoutMessageVariables } from './env.js';
import { CommandShell } from './shell.js';

/**
 * Runs the --exec command on messages, on up to `concurrency` shells (see CommandShell), each
 * running one command and holding the next. Bodies pass through files in a private directory
 * (mode 0700), removed when the runner closes, or when mqcli exits.
 */
export class ShellPool {
  private readonly shells: CommandShell[] = [];
  private readonly argv: [string, string[]];
  private readonly env: Record<string, string>;
  private dir: string | undefined;
  private made = 0;

  constructor(
    command: string,
    base: Readonly<Record<string, string>>,
    private readonly concurrency: number,
    private readonly stopOnFailure: boolean,
  ) {
    this.argv = commandLine(command);
    this.env = withoutMessageVariables(base);
  }

  /** Commands running now (not those held behind them). */
  get running(): number {
    return this.shells.reduce((sum, shell) => sum + shell.running, 0);
  }

  /**
   * Runs the command once, with the message's variables (`MQ_…`) on top of the base environment:
   * on a shell with nothing to do, else a new one while there are fewer than `concurrency`, else
   * held by the shell with room (the caller gives no more than the shells can take).
   */
  async run(spec: CommandSpec, variables: Record<string, string>): Promise<CommandResult> {
    let shell: CommandShell;
    try {
      shell = this.pick();
    } catch (error) {
      const failedToStart = `cannot make a directory for the messages in ${tmpdir()}: ${(error as Error).message}`;
      return { ok: false, code: null, signal: null, timedOut: false, failedToStart, skipped: false, output: Buffer.alloc(0) };
    }
    return shell.run(spec, variables);
  }

  /** Starts no more commands: held ones are skipped (their messages go back). */
  stop(): void {
    if (this.dir === undefined) return;
    try {
      writeFileSync(this.stopFile(), '');
    } catch {
      // The disk refuses even an empty file: held commands still run, and are settled as ever.
    }
  }

  /** No more commands: the shells end, the files go. */
  close(): void {
    for (const shell of this.shells.splice(0)) shell.close();
    this.removeDir();
  }

  private pick(): CommandShell {
    for (let i = this.shells.length - 1; i >= 0; i--) if ((this.shells[i] as CommandShell).done) this.shells.splice(i, 1);
    const idle = this.shells.find((shell) => shell.running === 0);
    if (idle !== undefined) return idle;
    if (this.shells.length < this.concurrency) return this.newShell();
    const roomy = this.shells.reduce((best, shell) => (shell.room > best.room ? shell : best));
    // A shell holds one job behind the one it runs; past that (a shell going, its jobs not yet
    // back), a shell more rather than a longer wait.
    return roomy.room > 0 ? roomy : this.newShell();
  }

  private newShell(): CommandShell {
    this.dir ??= this.makeDir();
    this.made++;
    const shell = new CommandShell(this.dir, join(this.dir, String(this.made)), this.stopFile(), this.stopOnFailure, this.argv, this.env);
    this.shells.push(shell);
    return shell;
  }

  private stopFile(): string {
    return join(this.dir as string, 'stop');
  }

  private makeDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mqcli-exec-'));
    process.once('exit', this.removeDir);
    return dir;
  }

  private readonly removeDir = (): void => {
    if (this.dir === undefined) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.removeDir);
  };
}
