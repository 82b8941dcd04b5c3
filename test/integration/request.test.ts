// request and listen --exec --reply against the shared broker: a round trip, the envelope, a
// message without reply-to, a timeout, a queue with no route; and both ends checked with pika.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start } from '../helpers/cli.js';
import { hasPika, PYTHON, skipWithout } from '../helpers/needs.js';
import { waitFor } from '../helpers/wait.js';

const noPika = skipWithout(hasPika, 'python3-pika', 'request.test.ts');

/** `listen <queue> --exec <command> --reply`, consuming once this resolves. */
async function server(queue: string, command: string) {
  const run = start(['listen', queue, '--exec', command, '--reply'], { timeout: 60_000 });
  await waitFor(async () => (await queueState(queue))?.consumerCount === 1, 20_000, 'the server to consume');
  return run;
}

describe('mqcli request with listen --exec --reply', () => {
  it('round trip: the command’s stdout comes back as the reply; --json gives its envelope', async () => {
    const queue = uniqueName('rpc');
    const rpc = await server(queue, 'tr a-z A-Z');
    try {
      // The reply and a line end, as listen's raw output writes a body; --delimiter '' for the bytes alone.
      const plain = await mqcli(['request', queue, 'hello']);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toBe('HELLO\n');
      const exact = await mqcli(['request', queue, 'hello', '--delimiter', '']);
      expect(exact.stdoutBytes).toEqual(Buffer.from('HELLO'));
      const nul = await mqcli(['request', queue, 'hello', '-d', '\\0']);
      expect(nul.stdoutBytes).toEqual(Buffer.from('HELLO\0'));
      const json = await mqcli(['request', queue, '--json', '--correlation-id', 'mine', '-H', 'k=v'], { input: 'from stdin' });
      expect(json.code).toBe(0);
      const envelope = JSON.parse(json.stdout);
      expect(envelope).toMatchObject({ body: 'FROM STDIN', properties: { correlationId: 'mine' } });
    } finally {
      rpc.child.kill('SIGTERM');
    }
    const ended = await rpc.done;
    expect(ended.stderr).toMatch(/4 succeeded, 0 failed/);
  });

  it('a message without reply-to is processed, and the missing reply noted', async () => {
    const queue = uniqueName('rpc');
    await fillQueue(queue, ['no one asks'], { messageId: 'lonely' });
    const result = await mqcli(['listen', queue, '--exec', 'cat', '--reply', '--count', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/message 'lonely' \(delivery 1\) has no reply-to: its command's output went nowhere/);
    expect(result.stderr).toMatch(/1 succeeded, 0 failed, 0 requeued, 0 rejected, 1 without reply-to/);
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('no reply in time: exit 1 naming the wait and the queue', async () => {
    const queue = uniqueName('rpc');
    await withAmqp(async (connection) => void (await (await connection.createChannel()).assertQueue(queue)));
    const started = Date.now();
    // Fractions of a second are fine: --timeout is request's own, not the global connect timeout.
    const result = await mqcli(['request', queue, 'anyone?', '--timeout', '1.5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no reply within 1.5 s from queue '${queue}'`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    // The request stays for a server that comes later; its reply then goes nowhere.
    expect((await queueState(queue))?.messageCount).toBe(1);
  });

  it('a queue that does not exist: exit 1 at once, not after the timeout', async () => {
    const queue = uniqueName('nothing');
    const started = Date.now();
    const result = await mqcli(['request', queue, 'hello?']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`queue '${queue}' does not exist: nothing received the request`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await queueState(queue)).toBeUndefined();
  });

  it.skipIf(noPika)('a pika RPC client gets its reply from listen --exec --reply, with its correlation id', async () => {
    const queue = uniqueName('rpc');
    const rpc = await server(queue, 'rev');
    try {
      const client = spawnSync(PYTHON, ['test/fixtures/pika-exec.py', 'client', String(inject('broker').port), queue, 'abc'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(client.status, client.stderr).toBe(0);
      expect(JSON.parse(client.stdout)).toEqual({ body: 'cba', matched: true });
    } finally {
      rpc.child.kill('SIGTERM');
      await rpc.done;
    }
  });

  it.skipIf(noPika)('mqcli request gets the reply of a pika server, which sees direct reply-to and the headers', async () => {
    const queue = uniqueName('rpc');
    const pika = spawn(PYTHON, ['test/fixtures/pika-exec.py', 'server', String(inject('broker').port), queue], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Listened for from the start: the server may be gone before request has exited.
    const closed = new Promise((resolve) => pika.on('close', resolve));
    let said = '';
    pika.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    await waitFor(() => said.includes('ready'), 20_000, 'the pika server');
    const result = await mqcli(['request', queue, 'quiet please', '-H', 'lang=en']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('QUIET PLEASE\n');
    await closed;
    const seen = JSON.parse(said.split('\n')[1] as string);
    expect(seen.reply_to).toMatch(/^amq\.rabbitmq\.reply-to\./);
    expect(seen.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers).toEqual({ lang: 'en' });
  });
});
