import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { ctl, drainQueue, fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);
const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };
const STREAM = { durable: true, arguments: { 'x-queue-type': 'stream' } };

/** Ready and unacked counts as rabbitmqctl has them now. */
function counts(queue: string): { ready: number; unacked: number } {
  const line = ctl('list_queues', 'name', 'messages_ready', 'messages_unacknowledged')
    .split('\n')
    .find((row) => row.startsWith(`${queue}\t`));
  const [, ready, unacked] = (line ?? '').split('\t').map(Number);
  return { ready: ready ?? Number.NaN, unacked: unacked ?? Number.NaN };
}

describe('mqcli queue browse', () => {
  it('prints a classic queue and leaves every message in it, in order; says once that they come back redelivered', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(50));
    const result = await mqcli(['queue', 'browse', queue]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${numbered(50).join('\n')}\n`);
    expect(result.stderr.match(/marked redelivered/g)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`wrote 50 messages from queue '${queue}' in .*, leaving them in the queue`));
    expect(counts(queue)).toEqual({ ready: 50, unacked: 0 });
    const again = await mqcli(['queue', 'browse', queue, '--json', '--count', '2']);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { body: string; redelivered: boolean }),
    ).toMatchObject([
      { body: 'm1', redelivered: true },
      { body: 'm2', redelivered: true },
    ]);
    expect((await drainQueue(queue)).map((m) => m.content.toString())).toEqual(numbered(50));
  });

  it('stops at what was ready when it started, though more keeps coming', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(20));
    // A publisher faster than basic.get: without an end fixed at the start, browsing would not stop before it does.
    let browsing = true;
    let published = 20;
    const publisher = withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      while (browsing) {
        for (let i = 0; i < 500; i++) channel.sendToQueue(queue, Buffer.from(`late${published++}`));
        await channel.waitForConfirms();
      }
    });
    const result = await mqcli(['queue', 'browse', queue]);
    browsing = false;
    await publisher;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, 20)).toEqual(numbered(20));
    expect(lines.length).toBeLessThan(published);
    expect(counts(queue)).toEqual({ ready: published, unacked: 0 });
  });

  it('leaves a quorum queue its count and order, and says a quorum queue counts a delivery', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(10), {}, QUORUM);
    const result = await mqcli(['queue', 'browse', queue, '--count', '4'], { env: { MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('m1\nm2\nm3\nm4\n');
    expect(result.stderr).toMatch(/the quorum queue counts a delivery/);
    expect(await queueState(queue)).toMatchObject({ messageCount: 10 });
    expect((await drainQueue(queue)).map((m) => m.content.toString())).toEqual(numbered(10));
  });

  it('reads a stream from its first offset and changes nothing', async () => {
    const queue = uniqueName('stream');
    await fillQueue(queue, numbered(5), {}, STREAM);
    const result = await mqcli(['queue', 'browse', queue]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout, result.stderr).toBe(`${numbered(5).join('\n')}\n`);
    expect(result.stderr).not.toMatch(/redelivered/);
    const some = await mqcli(['queue', 'browse', queue, '--count', '2', '--template', '{body};']);
    expect(some.stdout).toBe('m1;m2;');
    expect((await queueState(queue))?.consumerCount).toBe(0);
  });

  it('is exit 1 for a missing queue, and creates none', async () => {
    const queue = uniqueName();
    const result = await mqcli(['queue', 'browse', queue]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`queue '${queue}' does not exist in vhost '/'`));
    expect(await queueState(queue)).toBeUndefined();
  });

  it('an empty queue prints nothing, exit 0', async () => {
    const queue = uniqueName();
    await fillQueue(queue, []);
    const result = await mqcli(['queue', 'browse', queue]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('--decode shows gzip bodies decoded in template and pretty output, and says when it cannot', async () => {
    const queue = uniqueName();
    await fillQueue(queue, [gzipSync('{"zipped": true}')], { contentEncoding: 'gzip' });
    await fillQueue(queue, ['not gzip at all'], { contentEncoding: 'gzip' });
    const template = await mqcli(['queue', 'browse', queue, '--decode', '--template', '{body}\\n']);
    expect(template.code, template.stderr).toBe(0);
    expect(template.stdout).toBe('{"zipped": true}\nnot gzip at all\n');
    expect(template.stderr.match(/could not be decoded/g)).toHaveLength(1);
    const pretty = await mqcli(['queue', 'browse', queue, '--decode', '--format', 'pretty', '--count', '1', '--where', 'body.zipped']);
    expect(pretty.stdout).toMatch(/"zipped": true/);
    const json = await mqcli(['queue', 'browse', queue, '--decode', '--json'], { env: { MQ_PORT: '1' } });
    expect([json.code, json.stderr]).toEqual([2, expect.stringMatching(/--decode applies to pretty and template output/)]);
    expect((await queueState(queue))?.messageCount).toBe(2);
  });
});
