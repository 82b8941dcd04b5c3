// --where on queue browse and on listen's exchange taps, against the real broker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { drainQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const STREAM = { durable: true, arguments: { 'x-queue-type': 'stream' } };
/** Orders 1..n, amount 10·i, every third one dead-lettered as expired. */
const orders = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, amount: 10 * (i + 1) }));

async function fillOrders(queue: string, n: number, declare = {}): Promise<void> {
  await withAmqp(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, declare);
    for (const order of orders(n)) {
      const reason = order.id % 3 === 0 ? 'expired' : 'rejected';
      channel.sendToQueue(queue, Buffer.from(JSON.stringify(order)), {
        contentType: 'application/json',
        headers: { 'x-death': [{ reason, queue: 'orders', count: 1 }] },
      });
    }
    await channel.waitForConfirms();
  });
}

const ids = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: number }).id);
const EXPIRED_BIG = `headers."x-death"[0].reason == 'expired' && body.amount > \`100\``;

describe('--where', () => {
  it('queue browse shows what matches; every message stays, in order', async () => {
    const queue = uniqueName();
    await fillOrders(queue, 30);
    const result = await mqcli(['queue', 'browse', queue, '--where', EXPIRED_BIG]);
    expect(result.code, result.stderr).toBe(0);
    expect(ids(result.stdout)).toEqual([12, 15, 18, 21, 24, 27, 30]);
    const first = await mqcli(['queue', 'browse', queue, '--where', EXPIRED_BIG, '--count', '2']);
    expect(ids(first.stdout)).toEqual([12, 15]);
    expect((await drainQueue(queue)).map((m) => (JSON.parse(m.content.toString()) as { id: number }).id)).toEqual(orders(30).map((o) => o.id));
  });

  it('on a stream, reads to the end and shows what matches', async () => {
    const queue = uniqueName('stream');
    await fillOrders(queue, 12, STREAM);
    const result = await mqcli(['queue', 'browse', queue, '--where', 'body.amount >= `100`']);
    expect(result.code, result.stderr).toBe(0);
    expect(ids(result.stdout)).toEqual([10, 11, 12]);
    const none = await mqcli(['queue', 'browse', queue, '--where', 'body.amount > `1000`']);
    expect([none.code, none.stdout]).toEqual([0, '']);
  });

  it('queue move moves what matches, confirmed; what does not stays in the source, in order', async () => {
    const [source, destination] = [uniqueName('dlq'), uniqueName('orders')];
    await fillOrders(source, 30);
    const dry = await mqcli(['queue', 'move', source, destination, '--where', EXPIRED_BIG, '--dry-run']);
    expect(dry.stdout.trim().split('\n')).toHaveLength(7);
    const result = await mqcli(['queue', 'move', source, destination, '--where', EXPIRED_BIG, '--count', '5']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/moved 5 messages .*; 19 that --where does not match stay in queue/);
    const moved = await drainQueue(destination);
    expect(moved.map((m) => (JSON.parse(m.content.toString()) as { id: number }).id)).toEqual([12, 15, 18, 21, 24]);
    expect(moved[0]?.properties.headers?.['x-death']).toEqual([{ reason: 'expired', queue: 'orders', count: 1 }]);
    const left = (await drainQueue(source)).map((m) => (JSON.parse(m.content.toString()) as { id: number }).id);
    expect(left).toEqual(
      orders(30)
        .map((o) => o.id)
        .filter((id) => ![12, 15, 18, 21, 24].includes(id)),
    );
    const none = await mqcli(['queue', 'move', source, destination, '--where', 'body.amount > `1000`']);
    expect([none.code, none.stderr]).toEqual([0, expect.stringMatching(/nothing to move/)]);
  });

  it('queue dump --take takes only what matches; the rest stays, in order', async () => {
    const queue = uniqueName('dlq');
    await fillOrders(queue, 30);
    const file = join(tempDir(), 'expired.jsonl');
    const result = await mqcli(['queue', 'dump', queue, file, '--take', '--where', EXPIRED_BIG]);
    expect(result.code, result.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1, -1);
    expect(lines.map((line) => (JSON.parse((JSON.parse(line) as { body: string }).body) as { id: number }).id)).toEqual([12, 15, 18, 21, 24, 27, 30]);
    const left = (await drainQueue(queue)).map((m) => (JSON.parse(m.content.toString()) as { id: number }).id);
    expect(left).toEqual(
      orders(30)
        .map((o) => o.id)
        .filter((id) => id < 12 || id % 3 !== 0),
    );
  });

  it('a bad expression is exit 2 and connects to nothing', async () => {
    const queue = uniqueName();
    for (const args of [
      ['queue', 'browse', queue, '--where', 'body.amount > 100'],
      ['listen', '--exchange', 'amq.topic', '--where', 'nosuch(body)'],
      ['listen', queue, '--where', 'body'],
      ['listen', queue, '--exec', 'cat', '--where', 'body'],
      ['queue', 'move', queue, 'elsewhere', '--where', "headers['x"],
    ]) {
      const result = await mqcli(args, { env: { MQ_PORT: '1' } });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^error: .*--where/);
    }
    expect(await queueState(queue)).toBeUndefined();
  });

  it('a tap writes what matches and takes what does not, up to --count matches', async () => {
    const exchange = uniqueName('tap');
    await withAmqp(async (connection) => (await connection.createChannel()).assertExchange(exchange, 'topic', { durable: false }));
    const run = start([
      'listen',
      '--exchange',
      exchange,
      '--binding',
      '#',
      '--json',
      '--where',
      "starts_with(routingKey, 'eu.') && body.amount > `50`",
      '--count',
      '3',
    ]);
    const api = `http://127.0.0.1:${inject('broker').mgmtPort}/api/exchanges/%2F/${exchange}/bindings/source`;
    const auth = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` };
    await waitFor(async () => ((await (await fetch(api, { headers: auth })).json()) as unknown[]).length === 1, 15_000, 'the tap to bind');
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      // More non-matching messages than the prefetch: they must be acked for the matches to come.
      for (let i = 1; i <= 300; i++)
        channel.publish(exchange, i % 2 === 0 ? 'eu.order' : 'us.order', Buffer.from(JSON.stringify({ amount: i <= 250 ? 1 : i })));
      await channel.waitForConfirms();
    });
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { routingKey: string; body: string });
    expect(lines.map((line) => [line.routingKey, JSON.parse(line.body).amount])).toEqual([
      ['eu.order', 252],
      ['eu.order', 254],
      ['eu.order', 256],
    ]);
    await withAmqp(async (connection) => (await connection.createChannel()).deleteExchange(exchange));
  });
});
