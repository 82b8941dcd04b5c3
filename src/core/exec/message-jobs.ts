import type { Channel, ConsumeMessage } from 'amqplib';
import type { Run } from '../context.js';
import type { CommandResult, CommandSpec } from './command.js';
import { messageEnvironment } from './env.js';
import { drainWaiter, LineBuffer, lineSink, type LineOrigin } from './output.js';
import type { ExecPlan } from './plan.js';
import { ShellPool } from './shell-pool.js';
import { type ExecCounts, type SettleHooks, Settler } from './settle.js';

export interface JobHooks extends SettleHooks {
  groups: Set<number>;
  /** mqcli is stopping: a command that did not run is not run again. */
  stopping: () => boolean;
  /** A command is done (its message not settled yet): another may start. */
  onCommandDone: () => void;
  /** Its command never ran (mqcli stops, or the shell holding it went): left unsettled, it goes back to the queue. */
  onSkipped: (message: ConsumeMessage) => void;
  /** A message's job is over: settled, or skipped. */
  onJobDone: () => void;
}

/** Runs the command for each delivered message; the Settler acks, requeues or rejects it by how the command ended. */
export class MessageJobs {
  /** Messages given to the shells and not back from them: running, or held to run next. */
  submitted = 0;
  /** Messages whose command is done, being acked (or replied to first). */
  private settling = 0;
  private waiters: (() => void)[] = [];
  private readonly stdoutDrained: () => Promise<void>;
  private readonly stderrDrained: () => Promise<void>;
  private readonly shells: ShellPool;
  private readonly settler: Settler;

  constructor(
    private readonly run: Run,
    private readonly plan: ExecPlan,
    base: Record<string, string>,
    private readonly hooks: JobHooks,
  ) {
    this.shells = new ShellPool(plan.command, base, plan.concurrency, plan.onError === 'stop');
    this.settler = new Settler(run, plan, hooks);
    this.stdoutDrained = drainWaiter(run.stdout);
    this.stderrDrained = drainWaiter(run.stderr);
  }

  /** Starts the command for `message`, delivered on `channel`. */
  start(channel: Channel, message: ConsumeMessage): void {
    this.submitted++;
    void this.work(channel, message).finally(() => {
      this.settling--;
      this.hooks.onJobDone();
      if (!this.busy) for (const resolve of this.waiters.splice(0)) resolve();
    });
  }

  /** What the commands did, for the summary line. */
  get counts(): ExecCounts {
    return this.settler.counts;
  }

  /** Commands run or wait to, or messages wait to be settled after theirs. */
  get busy(): boolean {
    return this.submitted > 0 || this.settling > 0;
  }

  /** Commands running now. */
  get running(): number {
    return this.shells.running;
  }

  /** Starts no more commands: those held to run next are skipped, and their messages go back. */
  stop(): void {
    this.shells.stop();
  }

  /** No more commands: the shells that ran them end. */
  close(): void {
    this.shells.close();
  }

  /** Resolves once no command runs and every message is settled. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async work(channel: Channel, message: ConsumeMessage): Promise<void> {
    const origin: LineOrigin = { messageId: message.properties.messageId as string | undefined, deliveryTag: message.fields.deliveryTag };
    let result: CommandResult;
    try {
      do result = await this.shells.run(this.spec(origin, message), messageEnvironment(message, {}, new Date()));
      while (
        // Held behind a command whose shell was killed (a timeout under requeue or reject): it
        // runs on another. Under stop, a skip always means listening ends, whatever the order
        // in which this and the failure that stops are seen.
        result.skipped &&
        this.plan.onError !== 'stop' &&
        !this.hooks.stopping()
      );
    } finally {
      // The command is done: the next may start while this message is settled, so an ack (or a
      // reply's confirm) is not in the way of the next command.
      this.submitted--;
      this.settling++;
    }
    if (result.skipped) {
      this.hooks.onSkipped(message);
      return;
    }
    this.settler.counts.ran++;
    // A failure that stops says so before another command can start.
    if (result.ok) {
      this.hooks.onCommandDone();
      await this.settler.succeeded(channel, message, result, origin);
    } else {
      this.settler.failed(channel, message, result, origin);
      this.hooks.onCommandDone();
    }
  }

  private spec(origin: LineOrigin, message: ConsumeMessage): CommandSpec {
    const { stdout, stderr } = this.run;
    return {
      input: message.content,
      stdout: this.plan.reply ? 'keep' : new LineBuffer(lineSink(stdout, this.plan.output, origin, 'stdout'), this.stdoutDrained),
      stderr: new LineBuffer(lineSink(stderr, this.plan.output, origin, 'stderr'), this.stderrDrained),
      timeoutMs: this.plan.timeoutMs,
      kill: this.hooks.kill,
      groups: this.hooks.groups,
    };
  }
}
