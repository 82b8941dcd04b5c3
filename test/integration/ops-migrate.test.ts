// apply changes a queue's type (classic → quorum) through a temporary queue without losing a
// message, even when killed half way: filled and read back with pika, a client that is not amqplib.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { hasPika, PYTHON, skipWithout } from '../helpers/needs.js';
import { waitFor } from '../helpers/wait.js';

const skip = skipWithout(hasPika, 'python3-pika', 'ops-migrate.test.ts');
const COUNT = 10_000;
const dir = tempDir();
const env = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });
const pika = (...args: string[]) =>
  execFileSync(PYTHON, ['test/fixtures/pika-migrate.py', args[0] as string, String(inject('broker').port), ...args.slice(1)], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });

/** A file for a queue of `type` bound to a topic exchange, and the queue filled by pika while classic. */
function setUp(type: 'classic' | 'quorum') {
  const [queue, exchange] = [uniqueName('mig'), uniqueName('mig-x')];
  const path = join(dir, `${queue}-${type}.yaml`);
  writeFileSync(
    path,
    `queues:\n  - { name: ${queue}, type: ${type} }\nexchanges:\n  - { name: ${exchange}, type: topic }\nbindings:\n  - { source: ${exchange}, destination: ${queue}, routingKey: "a.*", arguments: { x-note: kept } }\n`,
  );
  return { queue, exchange, path };
}

/** Fills the queue with pika and waits until it holds them all. */
async function fill(queue: string): Promise<void> {
  pika('fill', queue, String(COUNT));
  await waitFor(
    () => withAmqp(async (connection) => (await (await connection.createChannel()).checkQueue(queue)).messageCount === COUNT),
    30_000,
    'the queue to fill',
  );
}

/** Every message is there, at least once, with its body, id and header wire types. */
function expectAll(queue: string): void {
  const messages = JSON.parse(pika('read', queue)) as [string, string, [string, [string, unknown]][]][];
  const ids = new Set(messages.map(([, id]) => id));
  expect(ids.size).toBe(COUNT);
  for (const [body, id, headers] of messages) {
    const i = Number(id.slice(3));
    expect(body).toBe(`m-${i}`);
    expect(headers).toEqual([
      ['bytes', ['S', 'ff00']],
      ['half', ['d', '3ff8000000000000']],
      ['i', ['I', i]],
      ['small', ['b', -5]],
    ]);
  }
}

const typeOf = async (queue: string) => {
  const response = await fetch(`http://127.0.0.1:${inject('broker').mgmtPort}/api/queues/%2F/${queue}`, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
  });
  return ((await response.json()) as { type: string }).type;
};

describe.skipIf(skip)('apply: a classic queue becomes a quorum queue', () => {
  it('moves 10,000 messages through a temporary queue and back, with the bindings as before', async () => {
    const classic = setUp('classic');
    expect((await mqcli(['apply', classic.path], { env: env(), cwd: dir })).code).toBe(0);
    await fill(classic.queue);
    const quorum = join(dir, `${classic.queue}-quorum.yaml`);
    writeFileSync(quorum, (await import('node:fs')).readFileSync(classic.path, 'utf8').replace('type: classic', 'type: quorum'));
    const result = await mqcli(['apply', quorum], { env: env(), cwd: dir, timeout: 120_000 });
    expect(result.stderr).toContain(`moved 10,000 messages back into queue '${classic.queue}' (quorum)`);
    expect(result.code).toBe(0);
    expect(await typeOf(classic.queue)).toBe('quorum');
    const bindings = JSON.parse((await mqcli(['binding', 'list', '--destination', classic.queue, '--json'], { env: env() })).stdout);
    expect(bindings).toEqual([
      { source: '', destination: classic.queue, destinationType: 'queue', routingKey: classic.queue, arguments: {} },
      { source: classic.exchange, destination: classic.queue, destinationType: 'queue', routingKey: 'a.*', arguments: { 'x-note': 'kept' } },
    ]);
    expect((await mqcli(['plan', quorum], { env: env(), cwd: dir })).code).toBe(0);
    expectAll(classic.queue);
  }, 180_000);

  it('refuses while the queue has consumers, naming them', async () => {
    const classic = setUp('classic');
    expect((await mqcli(['apply', classic.path], { env: env(), cwd: dir })).code).toBe(0);
    const quorum = classic.path.replace('-classic', '-q');
    writeFileSync(quorum, (await import('node:fs')).readFileSync(classic.path, 'utf8').replace('type: classic', 'type: quorum'));
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.consume(classic.queue, () => {}, { consumerTag: 'busy-worker' });
      await waitFor(
        async () => JSON.parse((await mqcli(['consumer', 'list', '--queue', classic.queue, '--json'], { env: env() })).stdout).length === 1,
        15_000,
        'the consumer',
      );
      const result = await mqcli(['apply', quorum], { env: env(), cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^error: queue '${classic.queue}' must be replaced to change its type or arguments, and has consumers: 'busy-worker' on `),
      );
    });
    expect(await typeOf(classic.queue)).toBe('classic');
  });

  it('a kill -9 half way loses nothing, and a second apply finishes the job', async () => {
    const classic = setUp('classic');
    expect((await mqcli(['apply', classic.path], { env: env(), cwd: dir })).code).toBe(0);
    await fill(classic.queue);
    const quorum = classic.path.replace('-classic', '-quorum');
    writeFileSync(quorum, (await import('node:fs')).readFileSync(classic.path, 'utf8').replace('type: classic', 'type: quorum'));
    const temporary = `${classic.queue}.mqcli-migration`;
    const run = start(['apply', quorum], { env: env(), cwd: dir, timeout: 120_000 });
    // Killed while messages are in the temporary queue: polled on one connection, as the move is quick.
    await withAmqp(async (connection) => {
      const depth = async () => {
        const channel = await connection.createChannel();
        channel.on('error', () => {});
        const count = await channel.checkQueue(temporary).then(
          (q) => q.messageCount,
          () => 0,
        );
        await channel.close().catch(() => {});
        return count;
      };
      await waitFor(async () => (await depth()) > 0, 60_000, 'the temporary queue to fill');
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      expect(await depth()).toBeGreaterThan(0);
    });
    const again = await mqcli(['apply', quorum], { env: env(), cwd: dir, timeout: 120_000 });
    expect(again.stderr).toContain(`finishing the migration of queue '${classic.queue}' that an earlier apply left`);
    expect(again.code).toBe(0);
    expect(await typeOf(classic.queue)).toBe('quorum');
    expect((await mqcli(['plan', quorum], { env: env(), cwd: dir })).code).toBe(0);
    const bindings = JSON.parse((await mqcli(['binding', 'list', '--source', classic.exchange, '--json'], { env: env() })).stdout);
    expect(bindings).toEqual([
      { source: classic.exchange, destination: classic.queue, destinationType: 'queue', routingKey: 'a.*', arguments: { 'x-note': 'kept' } },
    ]);
    expectAll(classic.queue);
  }, 240_000);
});
