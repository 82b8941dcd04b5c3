// CommandShell with a real /bin/sh: no broker, the shell and its commands only.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CommandSpec, commandLine } from '../../../../src/core/exec/command.js';
import { LineBuffer } from '../../../../src/core/exec/output.js';
import { CommandShell, JOBS_PER_SHELL } from '../../../../src/core/exec/shell.js';
import { tempDir } from '../../../helpers/temp.js';
import { waitFor } from '../../../helpers/wait.js';

const shells: CommandShell[] = [];
afterEach(() => {
  for (const shell of shells.splice(0)) shell.close();
});

/** A shell for `command` in a fresh directory, as the runner makes them. */
function shell(command: string, options: { stopOnFailure?: boolean } = {}) {
  const dir = join(tempDir(), 'bodies');
  mkdirSync(dir);
  const stop = join(dir, 'stop');
  const made = new CommandShell(dir, join(dir, '1'), stop, options.stopOnFailure ?? false, commandLine(command), { PATH: process.env.PATH ?? '' });
  shells.push(made);
  return { shell: made, dir, stop };
}

/** Lines a LineBuffer passed on, as text. */
function lines() {
  const seen: string[] = [];
  return { seen, buffer: new LineBuffer((chunk) => seen.push(chunk.toString()) > 0) };
}

const spec = (input: string, change: Partial<CommandSpec> = {}): CommandSpec => ({
  input: Buffer.from(input),
  stdout: 'keep',
  stderr: lines().buffer,
  timeoutMs: undefined,
  kill: new AbortController().signal,
  groups: new Set(),
  ...change,
});

describe('CommandShell', () => {
  it('runs the command with the body on stdin, and keeps its stdout', async () => {
    const { shell: sh } = shell('tr a-z A-Z');
    const result = await sh.run(spec('hello'), {});
    expect(result).toMatchObject({ ok: true, code: 0, signal: null, timedOut: false, skipped: false, failedToStart: undefined });
    expect(result.output.toString()).toBe('HELLO');
  });

  it("gives the message's variables to its command alone", async () => {
    const { shell: sh } = shell('printf "%s|%s" "$MQ_ROUTING_KEY" "$1"');
    const first = await sh.run(spec(''), { MQ_ROUTING_KEY: "it's" });
    const second = await sh.run(spec(''), {});
    expect([first.output.toString(), second.output.toString()]).toEqual(["it's|", '|']);
  });

  it('says how the command exited, and passes its stdout and stderr on in whole lines', async () => {
    const { shell: sh } = shell('cat; echo oops >&2; exit 3');
    const out = lines();
    const err = lines();
    const result = await sh.run(spec('a\nb', { stdout: out.buffer, stderr: err.buffer }), {});
    expect(result).toMatchObject({ ok: false, code: 3, skipped: false });
    expect(out.seen.join('')).toBe('a\nb\n');
    expect(err.seen.join('')).toBe('oops\n');
  });

  it('holds a second job while the first runs, and runs them in order, each with its own body', async () => {
    const { shell: sh } = shell('cat');
    expect(sh.room).toBe(JOBS_PER_SHELL);
    const results = [sh.run(spec('one'), {}), sh.run(spec('two'), {})];
    expect(sh.room).toBe(0);
    expect(sh.running).toBe(1);
    expect((await Promise.all(results)).map((r) => r.output.toString())).toEqual(['one', 'two']);
    expect(sh.room).toBe(JOBS_PER_SHELL);
  });

  it('removes each body file once its command is done', async () => {
    const { shell: sh, dir } = shell('cat');
    await sh.run(spec('x'), {});
    expect(readdirSync(dir)).toEqual([]);
  });

  it('kills a command that outlives --exec-timeout, and takes no more jobs', async () => {
    const { shell: sh } = shell('sleep 30');
    const started = Date.now();
    const result = await sh.run(spec('', { timeoutMs: 200 }), {});
    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(sh.done).toBe(true);
    expect(sh.room).toBe(0);
  });

  it('on kill, ends the running command and skips the one it held', async () => {
    const { shell: sh } = shell('sleep 30');
    const kill = new AbortController();
    const groups = new Set<number>();
    const running = sh.run(spec('', { kill: kill.signal, groups }), {});
    const held = sh.run(spec('', { kill: kill.signal, groups }), {});
    expect(groups.size).toBe(1); // the shell's process group, for a second Ctrl-C
    kill.abort();
    const [first, second] = await Promise.all([running, held]);
    expect(first).toMatchObject({ ok: false, skipped: false });
    expect(second).toMatchObject({ ok: false, skipped: true });
    expect(groups.size).toBe(0);
  });

  it('starts no command once the stop file exists', async () => {
    const { shell: sh, stop } = shell('cat');
    writeFileSync(stop, '');
    expect(await sh.run(spec('x'), {})).toMatchObject({ ok: false, skipped: true });
  });

  it('under --on-error stop, skips what follows a failure in the same shell', async () => {
    const { shell: sh } = shell('read -r line; [ "$line" != bad ]', { stopOnFailure: true });
    const results = await Promise.all([sh.run(spec('bad\n'), {}), sh.run(spec('good\n'), {})]);
    expect(results.map((r) => [r.code, r.skipped])).toEqual([
      [1, false],
      [null, true],
    ]);
  });

  it('a command that is not there exits 127, as sh says', async () => {
    const { shell: sh } = shell('./no-such-program');
    expect(await sh.run(spec(''), {})).toMatchObject({ ok: false, code: 127 });
  });

  it('ends when closed, and its directory goes with it', async () => {
    const { shell: sh, dir } = shell('cat');
    await sh.run(spec('x'), {});
    sh.close();
    await waitFor(() => !existsSync(dir), 10_000, 'the shell to remove its directory');
  });
});
