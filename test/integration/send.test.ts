import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drainQueue, fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, baseEnv, mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const bodies = async (queue: string) => (await drainQueue(queue)).map((message) => message.content.toString('utf8'));

describe('mqcli send', () => {
  it('sends one message, creating the queue, and says so on stderr only', async () => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue, 'Hello']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^created queue '${queue}' \\(durable, classic: what mqcli queue declare makes\\)\\nsent 1 message to queue '${queue}' in \\d+ ms, confirmed\\n$`,
      ),
    );
    expect(await bodies(queue)).toEqual(['Hello']);
  });

  it('sends each argument as a message; --quiet says nothing', async () => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue, 'one', 'two words', '', '--quiet']);
    expect(result.stderr).toBe('');
    expect(await bodies(queue)).toEqual(['one', 'two words', '']);
  });

  it('reads stdin lines: \\r\\n stripped, empty lines skipped, a last line without newline kept', async () => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue], { input: 'first\r\nsecond\n\n\nthird' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/sent 3 messages/);
    expect(await bodies(queue)).toEqual(['first', 'second', 'third']);
  });

  it('keeps empty lines with --keep-empty and splits at --delimiter', async () => {
    const keep = uniqueName();
    await mqcli(['send', keep, '--keep-empty'], { input: 'a\n\nb\n' });
    expect(await bodies(keep)).toEqual(['a', '', 'b']);
    const split = uniqueName();
    await mqcli(['send', split, '--delimiter', '\\0'], { input: 'x\ny\0z\0' });
    expect(await bodies(split)).toEqual(['x\ny', 'z']);
  });

  it('sends binary stdin with --whole and files with --file, byte for byte', async () => {
    const binary = randomBytes(300_000);
    const whole = uniqueName();
    await mqcli(['send', whole, '--whole'], { input: binary });
    const [message] = await drainQueue(whole);
    expect(Buffer.compare(message?.content ?? Buffer.alloc(0), binary)).toBe(0);

    const dir = tempDir();
    writeFileSync(join(dir, 'data.bin'), binary);
    writeFileSync(join(dir, 'doc.json'), '{"a":1}\n');
    const files = uniqueName();
    const result = await mqcli(['send', files, '--file', 'data.bin', 'doc.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const [bin, json] = await drainQueue(files);
    expect(Buffer.compare(bin?.content ?? Buffer.alloc(0), binary)).toBe(0);
    expect(bin?.properties.contentType).toBe('application/octet-stream');
    expect(json?.content.toString()).toBe('{"a":1}\n');
    expect(json?.properties.contentType).toBe('application/json');
  });

  it('sets every property and header asked for, and a timestamp', async () => {
    const queue = uniqueName();
    const before = Math.floor(Date.now() / 1000);
    const result = await mqcli([
      'send',
      queue,
      'body',
      '-H',
      'retry=3',
      '--header',
      'note=a=b',
      '--content-type',
      'text/plain',
      '--content-encoding',
      'identity',
      '--persistent',
      '--priority',
      '7',
      '--expiration',
      '60000',
      '--correlation-id',
      'c-1',
      '--reply-to',
      'answers',
      '--message-id',
      'm-1',
      '--type',
      'greeting',
      '--app-id',
      'tests',
    ]);
    expect(result.code).toBe(0);
    const [message] = await drainQueue(queue);
    expect(message?.properties).toMatchObject({
      headers: { retry: '3', note: 'a=b' },
      contentType: 'text/plain',
      contentEncoding: 'identity',
      deliveryMode: 2,
      priority: 7,
      expiration: '60000',
      correlationId: 'c-1',
      replyTo: 'answers',
      messageId: 'm-1',
      type: 'greeting',
      appId: 'tests',
    });
    expect(message?.properties.timestamp).toBeGreaterThanOrEqual(before);
  });

  it('publishes to an exchange with a routing key', async () => {
    const exchange = uniqueName('ex');
    const queue = uniqueName();
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertExchange(exchange, 'topic', { autoDelete: false });
      await channel.assertQueue(queue);
      await channel.bindQueue(queue, exchange, 'orders.*');
    });
    const result = await mqcli(['send', '--exchange', exchange, 'orders.new', 'order 1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`sent 1 message to exchange '${exchange}' \\(routing key 'orders.new'\\)`));
    expect(await bodies(queue)).toEqual(['order 1']);
  });

  it('exits 1 when messages are unroutable, and counts them', async () => {
    const exchange = uniqueName('ex');
    await withAmqp(async (connection) => {
      await (await connection.createChannel()).assertExchange(exchange, 'direct');
    });
    const result = await mqcli(['send', '--exchange', exchange, 'nowhere', 'a', 'b', 'c']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 3 of 3 messages were unroutable \(NO_ROUTE\)/);
  });

  it('does not create the queue with --no-declare (the message is then unroutable)', async () => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue, 'x', '--no-declare']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: queue .* does not exist and --no-declare is given/);
    expect(result.stderr).toMatch(/1 of 1 message was unroutable \(NO_ROUTE\)/);
    expect(await queueState(queue)).toBeUndefined();
  });

  it('uses an existing queue as it is, whatever its settings', async () => {
    const queue = uniqueName();
    await fillQueue(queue, [], {}, { durable: false, maxLength: 100, arguments: { 'x-queue-type': 'classic' } });
    const result = await mqcli(['send', queue, 'fits']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/created/);
    expect(await bodies(queue)).toEqual(['fits']);
  });

  it('sends the message(s) n times with --repeat', async () => {
    const queue = uniqueName();
    await mqcli(['send', queue, 'a', 'b', '--repeat', '1500']);
    expect((await queueState(queue))?.messageCount).toBe(3000);
  });

  it('sends without confirms with --no-confirm, and says so', async () => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue, '--no-confirm'], { input: 'a\nb\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/sent 2 messages .* not confirmed \(--no-confirm\)/);
    expect(await bodies(queue)).toEqual(['a', 'b']);
  });

  it('takes the queue from QUEUE_NAME when it is left out', async () => {
    const queue = uniqueName();
    await mqcli(['send'], { input: 'from stdin\n', env: { QUEUE_NAME: queue } });
    expect(await bodies(queue)).toEqual(['from stdin']);
  });

  it('reads a file redirected to stdin', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lines.txt'), Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n'));
    const queue = uniqueName();
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" send ${queue} < lines.txt`], { cwd: dir, env: baseEnv(dir), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect((await queueState(queue))?.messageCount).toBe(5000);
  });
});

// Refusals that need no broker to check are in test/cli/usage.test.ts.
describe('mqcli send refuses bad input with exit 2, before sending anything', () => {
  it('names the line of invalid JSON; nothing is sent when it is the first', async () => {
    const queue = uniqueName();
    const first = await mqcli(['send', queue, '--json'], { input: '{"body": "a"\n' });
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/^error: line 1 of stdin is not valid JSON: .*; nothing was sent$/m);
    expect((await queueState(queue))?.messageCount ?? 0).toBe(0);

    const third = await mqcli(['send', queue, '--json'], { input: '{"body":"a"}\n{"body":"b"}\nnot json\n{"body":"d"}\n' });
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/^error: line 3 of stdin is not valid JSON: .*; before it: 2 sent, 2 confirmed/m);
    expect(await bodies(queue)).toEqual(['a', 'b']);
  });

  it('names the line of an envelope whose properties cannot be sent', async () => {
    const queue = uniqueName();
    const cases: [string, RegExp][] = [
      ['{"body":"x","properties":{"priority":1000}}', /line 2 of stdin: "properties.priority" must be a whole number from 0 to 255/],
      ['{"body":"x","properties":{"expiration":null}}', /line 2 of stdin: "properties.expiration" is null; leave it out instead/],
      ['{"body":"x","properties":{"timestamp":-5}}', /line 2 of stdin: "properties.timestamp" must be whole seconds since 1970/],
      [
        '{"body":"x","properties":{"headers":{"n":{"!":"int8","value":1000}}}}',
        /^error: line 2 of stdin: "properties.headers.n": a "int8" value must be a whole number from -128 to 127; before it: 1 sent, 1 confirmed/m,
      ],
    ];
    for (const [line, message] of cases) {
      const result = await mqcli(['send', queue, '--json'], { input: `{"body":"ok"}\n${line}\n` });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('reproduces an envelope without adding a timestamp it did not have', async () => {
    const queue = uniqueName();
    await mqcli(['send', queue, '--json'], { input: '{"body":"as received"}\n' });
    const [message] = await drainQueue(queue);
    expect(message?.content.toString()).toBe('as received');
    expect(message?.properties.timestamp).toBeUndefined();
  });

  it('refuses a file over the broker limit (128 MiB on RabbitMQ 3) before reading it', async () => {
    const dir = tempDir();
    const fd = openSync(join(dir, 'huge.bin'), 'w');
    ftruncateSync(fd, 128 * 1024 * 1024 + 1);
    closeSync(fd);
    const queue = uniqueName();
    const result = await mqcli(['send', queue, '--file', 'huge.bin'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: file huge.bin is 134,217,729 bytes, over the broker's limit of 134,217,728 bytes per message/);
    expect(await queueState(queue)).toBeUndefined();
  });

  it('asks for a message when stdin is a terminal', async () => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return; // util-linux's script gives the test a terminal; without it, the unit test covers this
    const run = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" send q`, '/dev/null'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tempDir(), MQ_PORT: '1' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/error:.* no message given/);
  });
});

describe('mqcli send, interrupted', () => {
  it('stops reading on SIGINT, reports what was confirmed, exits 130', async () => {
    const queue = uniqueName();
    const run = start(['send', queue], { keepStdinOpen: true });
    run.child.stdin.write('one\ntwo\nthree\n');
    await waitFor(async () => (await queueState(queue))?.messageCount === 3, 15_000, 'three messages');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted \(SIGINT\): 3 sent, 3 confirmed, 0 nacked, 0 unconfirmed/);
  });
});
