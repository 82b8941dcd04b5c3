// Nothing lost at the edges: readers that stop early, reconnects under --count, broker restarts,
// signals while the reader or the broker stalls. Every case counts sequence-numbered messages with
// a client of its own (amqplib, not mqcli). These tests close connections and restart the broker,
// so they get a broker of their own.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { startBroker, type BrokerInfo } from '../setup/broker.js';
import { ctlOn, uniqueName } from '../helpers/amqp.js';
import { baseEnv, BIN, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

let broker: BrokerInfo;
let stop: () => void;

beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`lossless-${process.pid}`));
});
afterAll(() => stop?.());

const numbers = (count: number, width = 0) => Array.from({ length: count }, (_, i) => String(i + 1).padStart(width, '0'));

async function connect() {
  return amqp.connect({ hostname: '127.0.0.1', port: broker.port, username: 'guest', password: 'guest' });
}

/** Publishes the bodies with confirms to a durable queue, as another program would. */
async function fill(queue: string, bodies: string[]): Promise<void> {
  const connection = await connect();
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue);
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body));
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

/** Takes every ready message off `queue` and returns the bodies, in order. */
async function takeAll(queue: string): Promise<string[]> {
  const connection = await connect();
  try {
    const channel = await connection.createChannel();
    const bodies: string[] = [];
    let last = Date.now();
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        bodies.push(message.content.toString());
        last = Date.now();
      },
      { noAck: true },
    );
    await waitFor(async () => Date.now() - last > 300 && (await channel.checkQueue(queue)).messageCount === 0, 30_000, 'the queue to empty');
    return bodies;
  } finally {
    await connection.close();
  }
}

async function unacked(queue: string): Promise<number> {
  const line = ctlOn(broker, 'list_queues', 'name', 'messages_unacknowledged')
    .split('\n')
    .find((row) => row.startsWith(`${queue}\t`));
  return Number(line?.split('\t')[1] ?? 0);
}

/** Runs a shell pipeline with mqcli as `mq`; resolves with its stdout, stderr and exit code. */
function shell(script: string, cwd = tempDir()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...baseEnv(cwd, broker), MQ: `"${process.execPath}" "${BIN}"` };
  const child = spawn('bash', ['-c', `mq() { eval "$MQ" '"$@"'; }; ${script}`], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a reader that stops early', () => {
  it.each([
    ['small messages', 20_000, 0, 1000],
    ['messages larger than a pipe', 40, 100_000, 3],
  ])('reading exactly k whole %s takes at most k + 1 off the queue', async (_, total, width, k) => {
    const queue = uniqueName();
    const all = numbers(total, width);
    await fill(queue, all);
    const bytes = all.slice(0, k).reduce((sum, body) => sum + body.length + 1, 0);
    // dd bs=1 reads byte by byte and exits after exactly k records.
    const result = await shell(`mq listen ${queue} | dd bs=1 count=${bytes} status=none`);
    expect(result.stdout).toBe(
      all
        .slice(0, k)
        .map((body) => `${body}\n`)
        .join(''),
    );
    const left = await takeAll(queue);
    expect(total - left.length).toBeLessThanOrEqual(k + 1);
    const seen = new Set([...result.stdout.split('\n').filter(Boolean), ...left]);
    expect(all.filter((body) => !seen.has(body))).toEqual([]);
  });

  it('Ctrl-C while the reader never reads: exit 130 within a second or two, nothing lost', async () => {
    const queue = uniqueName();
    const total = 20_000;
    await fill(queue, numbers(total, 20));
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // A reader that opens the FIFO and never reads from it.
    const reader = spawn('bash', ['-c', `exec sleep 60 < "${fifo}"`]);
    const listen = spawn('bash', ['-c', `exec "${process.execPath}" "${BIN}" listen ${queue} > "${fifo}"`], { env: baseEnv(dir, broker) });
    let stderr = '';
    listen.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => listen.on('close', (code) => resolve(code)));
    try {
      await waitFor(async () => (await unacked(queue)) > 1000, 15_000, 'the pipe to fill');
      const signalled = Date.now();
      listen.kill('SIGINT');
      expect(await exited).toBe(130);
      // Coarse: a loaded machine may be slow to schedule it, yet not by seconds.
      expect(Date.now() - signalled).toBeLessThanOrEqual(5000);
      expect(stderr).not.toMatch(/error/);
    } finally {
      reader.kill('SIGKILL');
    }
    expect((await takeAll(queue)).length).toBe(total);
  });
});

describe('--count across reconnects', () => {
  it('writes exactly n lines, no duplicates, and takes exactly n off the queue', async () => {
    const queue = uniqueName();
    const total = 60_000;
    const count = 50_000;
    const all = numbers(total);
    await fill(queue, all);
    const run = start(['listen', queue, '--count', String(count)], { broker, timeout: 120_000 });
    const lines = () => run.stdoutText().split('\n').length;
    await waitFor(() => lines() > 5_000, 30_000, 'the first lines');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /reconnected/.test(run.stderrText()) || run.child.exitCode !== null, 30_000, 'the reconnect');
    await waitFor(() => lines() > 25_000 || run.child.exitCode !== null, 30_000, 'more lines');
    ctlOn(broker, 'close_all_connections', 'test closes it again');
    const result = await run.done;
    expect(result.code).toBe(0);
    const written = result.stdout.split('\n').filter(Boolean);
    expect(written.length).toBe(count);
    expect(new Set(written).size).toBe(count);
    const left = await takeAll(queue);
    expect(left.length).toBe(total - count);
    const seen = new Set([...written, ...left]);
    expect(seen.size).toBe(total);
    expect(result.stderr).toMatch(/reconnected to 127\.0\.0\.1:\d+ after [\d.]+ m?s away/);
  }, 120_000);
});

describe('confirmed means stored', () => {
  it('a default send survives a broker restart; --transient says what it risks', async () => {
    const kept = uniqueName();
    const lost = uniqueName();
    const sent = await shell(`seq 1 5000 | mq send ${kept} && seq 1 5000 | mq send ${lost} --transient`);
    expect(sent.code).toBe(0);
    ctlOn(broker, 'stop_app');
    ctlOn(broker, 'start_app');
    const left = await takeAll(kept);
    expect(left).toEqual(numbers(5000));
    expect(await takeAll(lost)).toEqual([]);
    const help = await shell('mq send --help');
    expect(help.stdout).toMatch(/--transient\s+delivery mode 1: faster, but a broker restart\s+loses the messages/);
  });
});

describe('send across lost connections', () => {
  it('reconnects, publishes the unconfirmed again, and exits 0 with every message stored', async () => {
    const queue = uniqueName();
    const total = 40_000;
    const run = start(['send', queue], { broker, keepStdinOpen: true, timeout: 120_000 });
    run.child.stdin.write(`${numbers(total / 2).join('\n')}\n`);
    await waitFor(() => /created queue/.test(run.stderrText()), 15_000, 'the send to start');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
    run.child.stdin.end(
      `${numbers(total)
        .slice(total / 2)
        .join('\n')}\n`,
    );
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/reconnected to 127\.0\.0\.1:\d+ after [\d.]+ m?s away; publishing [\d,]+ unconfirmed messages? again/);
    expect(result.stderr).toMatch(/sent 40,000 messages to queue '.*' in .*, all confirmed(; [\d,]+ republished after a reconnect \(may be duplicated\))?$/m);
    const stored = new Set(await takeAll(queue));
    expect(numbers(total).filter((body) => !stored.has(body))).toEqual([]);
  }, 120_000);

  it('--no-reconnect: exits 1 with honest counts', async () => {
    const queue = uniqueName();
    const run = start(['send', queue, '--no-reconnect'], { broker, keepStdinOpen: true });
    run.child.stdin.write('a\nb\n');
    await waitFor(() => /created queue/.test(run.stderrText()), 15_000, 'the send to start');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    const result = await run.done;
    expect(result.code).toBe(1);
    const counts = /(\d+) sent, (\d+) confirmed, 0 nacked, (\d+) unconfirmed/.exec(result.stderr);
    expect(counts).not.toBeNull();
    const [sent, confirmed, unconfirmed] = (counts as RegExpExecArray).slice(1).map(Number) as [number, number, number];
    expect(confirmed + unconfirmed).toBe(sent);
    expect((await takeAll(queue)).length).toBeGreaterThanOrEqual(confirmed);
  });
});

describe('signals', () => {
  it('a second Ctrl-C on a blocked send still says where things stand', async () => {
    ctlOn(broker, 'set_vm_memory_high_watermark', '0');
    try {
      const run = start(['send', uniqueName()], { broker, keepStdinOpen: true, timeout: 30_000 });
      run.child.stdin.write('x\n'.repeat(20_000));
      await waitFor(() => /blocking publishers/.test(run.stderrText()), 15_000, 'the broker to block');
      run.child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 200));
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/^interrupted: [\d,]+ sent, \d+ confirmed, [\d,]+ unconfirmed$/m);
    } finally {
      ctlOn(broker, 'set_vm_memory_high_watermark', '0.4');
    }
  });
});

describe('reconnecting', () => {
  it('says it is still trying during an outage, and is back once the broker is', async () => {
    const queue = uniqueName();
    await fill(queue, ['before']);
    const run = start(['listen', queue, '--count', '2'], { broker, timeout: 90_000 });
    await waitFor(() => run.stdoutText() === 'before\n', 15_000, 'the first message');
    ctlOn(broker, 'stop_app');
    await waitFor(() => /still reconnecting/.test(run.stderrText()), 60_000, 'the still-reconnecting notice');
    ctlOn(broker, 'start_app');
    const up = Date.now();
    // A coarse bound only: how fast it comes back is the bench's to measure, not a test's.
    await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
    console.log(`listen reconnected ${Date.now() - up} ms after the broker was back`);
    await fill(queue, ['after']);
    const result = await run.done;
    expect(result.stdout).toBe('before\nafter\n');
    expect(result.stderr).toMatch(/still reconnecting to 127\.0\.0\.1:\d+ \(attempt \d+, \d+ s\)/);
    expect(result.stderr).toMatch(/reconnected to 127\.0\.0\.1:\d+ after \d+\.\d s away; listening to queue/);
  });
});
