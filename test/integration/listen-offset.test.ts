import { describe, expect, inject, it } from 'vitest';
import { drainQueue, fillQueue, queueState, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';

/** The queue's type as the management API reports it (independent of mqcli). */
async function queueType(queue: string): Promise<string> {
  const url = `http://127.0.0.1:${inject('broker').mgmtPort}/api/queues/%2F/${encodeURIComponent(queue)}`;
  const response = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  return ((await response.json()) as { type: string }).type;
}

describe('listen --offset', () => {
  it('declares a missing queue as a stream, says so, and reads it from the start', async () => {
    const queue = uniqueName('stream');
    const first = await mqcli(['listen', queue, '--offset', 'first', '--idle-timeout', '1']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^created stream queue '${queue}' \\(durable: --offset reads stream queues only\\)\\n`));
    expect(first.stderr).not.toMatch(/x-stream-offset/);
    expect(await queueType(queue)).toBe('stream');
    await fillQueue(queue, ['s1', 's2'], {}, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    const read = await mqcli(['listen', queue, '--offset', 'first', '--count', '2']);
    expect(read.code).toBe(0);
    expect(read.stdout).toBe('s1\ns2\n');
    expect(read.stderr).not.toMatch(/created/);
  });

  it('reads an existing stream declared with retention arguments', async () => {
    // A re-declare with only x-queue-type=stream would be refused (406) for this one.
    const queue = uniqueName('stream');
    await fillQueue(queue, ['a', 'b'], {}, { durable: true, arguments: { 'x-queue-type': 'stream', 'x-max-age': '1D', 'x-max-length-bytes': 1_000_000 } });
    const result = await mqcli(['listen', queue, '--offset', 'first', '--count', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('a\nb\n');
  });

  it('refuses an existing classic queue with a clear error, and leaves its messages alone', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['m1', 'm2']);
    const result = await mqcli(['listen', queue, '--offset', 'first', '--count', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: queue '${queue}' is not a stream queue: --offset applies only to streams\\n`));
    expect(result.stderr).not.toMatch(/x-stream-offset/);
    const messages = await drainQueue(queue);
    expect(messages.map((m) => [m.content.toString(), m.fields.redelivered])).toEqual([
      ['m1', false],
      ['m2', false],
    ]);
  });

  it('with --no-declare, a missing queue is an error that tells how to make a stream', async () => {
    const queue = uniqueName('stream');
    const result = await mqcli(['listen', queue, '--offset', 'first', '--no-declare']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`mqcli queue declare ${queue} --type stream`);
    expect(await queueState(queue)).toBeUndefined();
  });
});
