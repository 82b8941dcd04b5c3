// The consumer core under listen and --exec, from the outside: the simplest pipelines end when
// their reader does, --count leaves the next message as it was, and the summaries say what went
// back to the queue.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drainQueue, fillQueue, queueState, uniqueName } from '../helpers/amqp.js';
import { BIN, baseEnv, mqcli, tempDir } from '../helpers/cli.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);

/**
 * Runs `script` in bash with `mqcli` on hand (it execs, so a backgrounded one's $! is its pid, and
 * it can be the last thing a script does); resolves with the output and how long it took.
 */
function bash(script: string, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const home = tempDir();
  const started = Date.now();
  const child = spawn('bash', ['-c', `mqcli() { exec "${process.execPath}" "${BIN}" "$@"; }\n${script}`], {
    cwd: home,
    env: baseEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: Date.now() - started });
    });
  });
}

describe('a reader that goes away ends listening at once, even with nothing more to write', () => {
  // Each reader takes 3 lines and goes; mqcli must notice without a later write failing: listen
  // has 50 messages (far less than a pipe holds) written at once, --exec's commands write the
  // 3 lines there are. `rc` is mqcli's own exit code.
  it.each([
    ['head -3', 'listen', 'head -3'],
    ['sed 3q', 'listen', 'sed 3q'],
    // It takes one byte first, so it goes only once listen has written (however slow the start).
    ['a reader that sleeps, then exits', 'listen', 'head -c 1 > /dev/null; sleep 1; exit 0'],
    ['head -3 under --exec', 'listen --exec cat', 'head -3'],
    ['head -3 under --exec-output json', 'listen --exec cat --exec-output json', 'head -3'],
  ])('%s', async (_name, command, reader) => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(command === 'listen' ? 50 : 3));
    const result = await bash(`mqcli ${command} ${queue} | { ${reader}; }; echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(result.stderr).toMatch(/rc=0/);
    // Within about a second of the reader leaving, not at Ctrl-C (the bound is coarse: a loaded machine).
    expect(result.ms).toBeLessThan(15_000);
    if (command === 'listen') {
      // Nothing was provably read: every message is back in the queue, and the summary says so.
      // What reached the pipe before the reader went is written; all 50 went back.
      expect(result.stderr).toMatch(
        /wrote \d+ messages? from queue '.*' in .*; 50 went back to the queue \(the reader stopped before it could have read them\)/,
      );
      expect((await queueState(queue))?.messageCount).toBe(50);
    } else {
      // Each command ran to its end, so its message was acked.
      expect(result.stderr).toMatch(/ran 3 commands .*: 3 succeeded/);
      expect((await queueState(queue))?.messageCount).toBe(0);
    }
  });
});

describe('--count n leaves message n+1 exactly as it was', () => {
  it.each([
    ['classic', 'listen, output to a file', 'listen {q} --count 1 > out'],
    ['quorum', 'listen, output to a file', 'listen {q} --count 1 > out'],
    ['classic', 'listen, output to a pipe', 'listen {q} --count 1 | cat > out'],
    ['classic', '--exec', 'listen {q} --count 1 --exec cat > out'],
    ['quorum', '--exec', 'listen {q} --count 1 --exec cat > out'],
    ['classic', '--exec at --concurrency 4', 'listen {q} --count 2 --exec cat --concurrency 4 > out'],
    // The reader starts late: the pipe fills, and listen widens its prefetch while --count allows.
    ['classic', 'listen into a pipe read late, --count 4000 of 6000', 'listen {q} --count 4000 | { sleep 2; cat > out; }', 6000],
    ['quorum', 'listen into a pipe read late, --count 4000 of 6000', 'listen {q} --count 4000 | { sleep 2; cat > out; }', 6000],
  ])('%s queue, %s', async (type, _how, command, total = 6) => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(total), { persistent: true }, { durable: true, arguments: { 'x-queue-type': type } });
    const dir = tempDir();
    const first = await bash(`cd '${dir}' && mqcli ${command.replace('{q}', queue)}`);
    expect(first.code).toBe(0);
    const taken = readFileSync(join(dir, 'out'), 'utf8').split('\n').filter(Boolean);
    const next = taken.length + 1;
    const rest = await mqcli(['listen', queue, '--drain', '--template', '{body}:{redelivered} ']);
    // Not redelivered, and in order: on a quorum queue a requeued message would also move to the back.
    expect(rest.stdout).toBe(
      numbered(total)
        .slice(next - 1)
        .map((body) => `${body}:false `)
        .join(''),
    );
  });
});

describe('summaries', () => {
  it('says how many messages went back when Ctrl-C stops a listen into a slow reader', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(40));
    // The reader never reads: all 40 sit in the pipe, none provably read.
    const result = await bash(`mqcli listen ${queue} > >(sleep 6) & pid=$!; sleep 3; kill -INT $pid; wait $pid; echo "rc=$?" >&2`);
    expect(result.stderr).toMatch(/rc=130/);
    expect(result.stderr).toMatch(/wrote 40 messages from queue '.*' in .*; 40 went back to the queue \(interrupted before the reader could have read them\)/);
    expect((await drainQueue(queue)).length).toBe(40);
  });
});

describe('stream queues', () => {
  it('says at the start that a stream is read from new messages only, and how to read it from the start', async () => {
    const queue = uniqueName();
    expect((await mqcli(['queue', 'declare', queue, '--type', 'stream'])).code).toBe(0);
    expect((await mqcli(['send', queue, 'a', 'b', 'c'])).code).toBe(0);
    const result = await mqcli(['listen', queue, '--count', '2', '--idle-timeout', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`queue '${queue}' is a stream: listen shows only messages that arrive from now on \\(--offset first reads it from the start\\)`),
    );
    const plain = uniqueName();
    await fillQueue(plain, ['x']);
    expect((await mqcli(['listen', plain, '--count', '1'])).stderr).not.toMatch(/is a stream/);
  });
});
