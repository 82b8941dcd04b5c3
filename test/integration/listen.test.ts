import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ctl, deleteQueue, drainQueue, fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, baseEnv, mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);

/** Ready and unacked counts of `queue` as the broker has them now (rabbitmqctl, not the sampled API). */
function countsOf(queue: string): { ready: number; unacked: number } {
  const line = ctl('list_queues', 'name', 'messages_ready', 'messages_unacknowledged')
    .split('\n')
    .find((row) => row.startsWith(`${queue}\t`));
  const [, ready, unacked] = (line ?? '').split('\t').map(Number);
  return { ready: ready ?? Number.NaN, unacked: unacked ?? Number.NaN };
}

describe('mqcli listen', () => {
  it('prints raw bodies in a pipe; --count n acks exactly n and leaves the rest', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(5));
    const result = await mqcli(['listen', queue, '--count', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('m1\nm2\n');
    expect(result.stderr).toMatch(new RegExp(`^wrote 2 messages from queue '${queue}' in \\d+ ms`));
    expect((await drainQueue(queue)).map((m) => m.content.toString())).toEqual(['m3', 'm4', 'm5']);
  });

  it('exits 0 once the queue is empty with --drain', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(1000));
    const result = await mqcli(['listen', queue, '--drain']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${numbered(1000).join('\n')}\n`);
    expect((await queueState(queue))?.messageCount).toBe(0);
    const empty = await mqcli(['listen', queue, '--drain']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
  });

  it('exits after --idle-timeout without messages', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['only']);
    const result = await mqcli(['listen', queue, '--idle-timeout', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('only\n');
  });

  it('leaves every message in the queue with --peek', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(3));
    const all = await mqcli(['listen', queue, '--peek']);
    expect(all.stdout).toBe('m1\nm2\nm3\n');
    expect(all.stderr).toMatch(/wrote 3 messages from queue '.*' in .*, leaving them in the queue/);
    const some = await mqcli(['listen', queue, '--peek', '--count', '2']);
    expect(some.stdout).toBe('m1\nm2\n');
    expect((await queueState(queue))?.messageCount).toBe(3);
  });

  it('uses --delimiter in raw output', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b']);
    const result = await mqcli(['listen', queue, '--count', '2', '--delimiter', '\\0']);
    expect(result.stdout).toBe('a\0b\0');
  });

  it("writes a binary body exactly with --delimiter ''", async () => {
    const queue = uniqueName();
    const body = Buffer.from([0x00, 0xff, 0x0a, 0x80]);
    await fillQueue(queue, [body]);
    const result = await mqcli(['listen', queue, '--count', '1', '--delimiter', '']);
    expect(result.code).toBe(0);
    expect(result.stdoutBytes).toEqual(body);
  });

  it('prints one JSON envelope per line with --json', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['{"a":1}', Buffer.from([0xff, 0x00, 0xfe])], { headers: { trace: 'abc' }, contentType: 'application/json', messageId: 'id-1' });
    const result = await mqcli(['listen', queue, '--json', '--count', '2']);
    const [text, binary] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(text).toMatchObject({
      exchange: '',
      routingKey: queue,
      redelivered: false,
      properties: { headers: { trace: 'abc' }, contentType: 'application/json', messageId: 'id-1' },
      body: '{"a":1}',
      bodyEncoding: 'utf8',
    });
    expect(Date.parse(text.deliveredAt)).not.toBeNaN();
    expect(binary).toMatchObject({ body: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'), bodyEncoding: 'base64' });
  });

  it('prints a header line and the body in pretty format, JSON indented, no colour off a terminal', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['{"a":1}'], { contentType: 'application/json', headers: { retry: 2 } });
    const result = await mqcli(['listen', queue, '--format', 'pretty', '--count', '1']);
    expect(result.stdout).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ${queue}  application/json  retry=2\\n\\{\\n  "a": 1\\n\\}\\n$`));
    const forced = await mqcli(['listen', queue, '--format', 'pretty', '--count', '1', '--idle-timeout', '1'], { env: { FORCE_COLOR: '1' } });
    expect(forced.code).toBe(0);
    await fillQueue(queue, ['x']);
    const colour = await mqcli(['listen', queue, '--format', 'pretty', '--count', '1'], { env: { FORCE_COLOR: '1' } });
    expect(colour.stdout).toContain('\u001b[');
    await fillQueue(queue, ['x']);
    const noColour = await mqcli(['listen', queue, '--format', 'pretty', '--count', '1'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColour.stdout).not.toContain('\u001b[');
    await fillQueue(queue, ['x']);
    const flag = await mqcli(['listen', queue, '--format', 'pretty', '--count', '1', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).toMatch(/^\d\d:\d\d/);
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('creates a missing queue, or fails with --no-declare', async () => {
    const queue = uniqueName();
    const refused = await mqcli(['listen', queue, '--no-declare', '--drain']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^error: queue '${queue}' does not exist in vhost '/'`));
    const created = await mqcli(['listen', queue, '--drain']);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/created queue/);
  });

  it('exits 1 when stdout cannot be written (a full disk), with the messages still queued', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(10));
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" listen ${queue} --drain > /dev/full`], { env: baseEnv(tempDir()), encoding: 'utf8' });
    expect(shell.status).toBe(1);
    expect(shell.stderr).toMatch(/^error: cannot write to stdout: .*ENOSPC|no space left/im);
    expect((await queueState(queue))?.messageCount).toBe(10);
  });

  it('exits 0 when the reader of stderr goes away too (2>&1 | head -1)', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(3));
    const shell = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" listen ${queue} --drain 2>&1 | head -1; echo "mqcli=\${PIPESTATUS[0]}"`], {
      env: baseEnv(tempDir()),
      encoding: 'utf8',
    });
    expect(shell.stdout).toBe('m1\nmqcli=0\n');
  });

  it('consumes with --no-ack', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(3));
    const result = await mqcli(['listen', queue, '--no-ack', '--drain']);
    expect(result.stdout).toBe('m1\nm2\nm3\n');
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('reads a stream queue from --offset first, without consuming it', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(3), {}, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    for (let round = 0; round < 2; round++) {
      const result = await mqcli(['listen', queue, '--offset', 'first', '--count', '3']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('m1\nm2\nm3\n');
    }
  });

  it('taps an exchange through a temporary queue', async () => {
    const exchange = uniqueName('ex');
    await withAmqp(async (connection) => {
      await (await connection.createChannel()).assertExchange(exchange, 'topic');
    });
    const run = start(['listen', '--exchange', exchange, '--binding', 'orders.#', '--count', '1']);
    // Publish until the tap's queue is bound and takes one; no timing assumptions. A publish may
    // fail (the test ends meanwhile); each is awaited before the test ends, none left unhandled.
    const publishes: Promise<unknown>[] = [];
    const publish = setInterval(() => {
      const once = withAmqp(async (connection) => {
        const channel = await connection.createConfirmChannel();
        channel.publish(exchange, 'audit.x', Buffer.from('not for us'));
        channel.publish(exchange, 'orders.new', Buffer.from('order'));
        await channel.waitForConfirms();
      });
      publishes.push(once.catch(() => {}));
    }, 200);
    let result: Awaited<typeof run.done>;
    try {
      result = await run.done;
    } finally {
      clearInterval(publish);
      await Promise.all(publishes);
    }
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('order\n');
  });

  it('exits 1 when the queue is deleted while listening', async () => {
    const queue = uniqueName();
    await fillQueue(queue, []);
    const run = start(['listen', queue]);
    await waitFor(async () => (await queueState(queue))?.consumerCount === 1, 15_000, 'the consumer');
    await deleteQueue(queue);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: the broker cancelled the consumer: queue '.*' was deleted or is no longer available/);
  });
});

describe('mqcli listen --prefetch', () => {
  it('has at most n messages unacked while the reader is stalled', async () => {
    const queue = uniqueName();
    await fillQueue(
      queue,
      Array.from({ length: 3000 }, (_, i) => `${i}`.padStart(100, '0')),
    );
    // The reader sleeps, the pipe fills, writes wait: only what was delivered is unacked.
    const shell = spawn('bash', ['-c', `"${process.execPath}" "${BIN}" listen ${queue} --prefetch 7 | (sleep 60; cat > /dev/null)`], {
      env: baseEnv(tempDir()),
      detached: true,
    });
    try {
      // The pipe is full (it holds some 600 of these lines) once two looks in a row find the same
      // number ready: nothing is acked any more. Every look must find at most 7 unacked.
      const looks: { ready: number; unacked: number }[] = [];
      await waitFor(
        () => {
          looks.push(countsOf(queue));
          const [before, now] = looks.slice(-2);
          return before !== undefined && now !== undefined && now.ready < 3000 && now.ready === before.ready && now.unacked > 0;
        },
        30_000,
        'the pipe to fill',
      );
      expect(looks.at(-1)?.unacked).toBeGreaterThan(0);
      for (const { unacked } of looks) expect(unacked).toBeLessThanOrEqual(7);
    } finally {
      process.kill(-(shell.pid as number), 'SIGKILL');
    }
  });
});

describe('mqcli listen loses nothing', () => {
  it('on SIGINT: lines written + messages left in the queue ≥ messages published', async () => {
    const queue = uniqueName();
    const total = 20_000;
    await fillQueue(queue, numbered(total));
    const run = start(['listen', queue, '--prefetch', '50']);
    await waitFor(() => run.stdoutText().length > 0, 15_000, 'the first lines');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const written = result.stdout.split('\n').filter(Boolean);
    const left = (await queueState(queue))?.messageCount ?? 0;
    expect(written.length + left).toBeGreaterThanOrEqual(total);
    expect(written).toEqual(numbered(written.length));
    expect(result.stderr).toMatch(new RegExp(`wrote ${written.length.toLocaleString('en-US')} messages`));
  });

  it('when the reader goes away (| head -1): exit 0, no stack, the rest still queued', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(5000));
    const env = { ...baseEnv(tempDir()) };
    const shell = spawn(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" listen ${queue} 2>stderr.txt | head -1; echo "mqcli=\${PIPESTATUS[0]}"; cat stderr.txt`],
      {
        cwd: env.HOME,
        env,
      },
    );
    let out = '';
    shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => shell.on('close', resolve));
    const [first, status, ...stderr] = out.split('\n');
    expect(first).toBe('m1');
    expect(status).toBe('mqcli=0');
    expect(stderr.join('\n')).not.toMatch(/EPIPE|at \S+ \(|Error/);
    expect((await queueState(queue))?.messageCount).toBeGreaterThan(0);
  });

  it('binary bodies and headers survive listen --json | send --json byte for byte', async () => {
    const source = uniqueName();
    const target = uniqueName();
    const binary = randomBytes(4096);
    const headers = { text: 'é', number: 42, big: 2 ** 40, flag: true, nested: { list: [1, 'two'] }, bytes: Buffer.from([0, 1, 2, 255]) };
    await fillQueue(source, [binary, 'plain text', ''], {
      headers,
      contentType: 'application/octet-stream',
      correlationId: 'c',
      priority: 3,
      timestamp: 1_700_000_000,
      deliveryMode: 2,
      type: 't',
      appId: 'a',
      messageId: 'm',
    });
    const env = baseEnv(tempDir());
    const pipeline = spawn(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" listen ${source} --json --count 3 | "${process.execPath}" "${BIN}" send ${target} --json`],
      { env },
    );
    await new Promise((resolve) => pipeline.on('close', resolve));
    expect(pipeline.exitCode).toBe(0);
    const [a, b, c] = await drainQueue(target);
    expect(Buffer.compare(a?.content ?? Buffer.alloc(1), binary)).toBe(0);
    expect(b?.content.toString()).toBe('plain text');
    expect(c?.content.length).toBe(0);
    for (const message of [a, b, c]) {
      expect(message?.properties).toMatchObject({
        headers,
        contentType: 'application/octet-stream',
        correlationId: 'c',
        priority: 3,
        timestamp: 1_700_000_000,
        deliveryMode: 2,
        type: 't',
        appId: 'a',
        messageId: 'm',
      });
    }
    // listen --count 3 acked what it passed on: nothing is left behind in the source.
    expect((await queueState(source))?.messageCount).toBe(0);
  });
});
