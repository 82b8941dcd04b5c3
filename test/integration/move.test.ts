// queue move against the shared broker: order and properties kept, --count, a destination that
// refuses, kill -9 midway, and a redrive from a real dead-letter queue. Counted with amqplib.
import { describe, expect, it } from 'vitest';
import { uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const numbers = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));

async function fill(queue: string, bodies: string[], headers: Record<string, unknown> = {}): Promise<void> {
  await withAmqp(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue);
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body), { headers, messageId: `id-${body}`, contentType: 'text/plain', deliveryMode: 2 });
    await channel.waitForConfirms();
  });
}

/** Every message in `queue`, taken (acked), in order. */
/** The bodies of every message in `queue`, consumed without acks: fast enough for 200,000. */
async function drainBodies(queue: string): Promise<string[]> {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    const bodies: string[] = [];
    if (messageCount === 0) return bodies;
    await new Promise<void>((resolve) => {
      void channel.consume(
        queue,
        (message) => {
          if (message !== null) bodies.push(message.content.toString());
          if (bodies.length === messageCount) resolve();
        },
        { noAck: true },
      );
    });
    return bodies;
  });
}

async function take(queue: string) {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    const messages = [];
    for (let message = await channel.get(queue, { noAck: true }); message !== false; message = await channel.get(queue, { noAck: true }))
      messages.push(message);
    return messages;
  });
}

async function depth(queue: string): Promise<number> {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    // A missing queue closes the channel; the rejected check says so, the event need not.
    channel.on('error', () => {});
    return (await channel.checkQueue(queue)).messageCount;
  });
}

describe('mqcli queue move', () => {
  it('moves every message in order, with its properties, and acks the source only after', async () => {
    const [from, to] = [uniqueName(), uniqueName()];
    await fill(from, numbers(10_000), { kept: 'yes' });
    const result = await mqcli(['queue', 'move', from, to]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`moved 10,000 messages from queue '${from}' to queue '${to}' in `));
    expect(await depth(from)).toBe(0);
    const moved = await take(to);
    expect(moved.map((message) => message.content.toString())).toEqual(numbers(10_000));
    expect(moved[41]?.properties).toMatchObject({ messageId: 'id-42', contentType: 'text/plain', deliveryMode: 2, headers: { kept: 'yes' } });
  });

  it('--count moves exactly n', async () => {
    const [from, to] = [uniqueName(), uniqueName()];
    await fill(from, numbers(100));
    const result = await mqcli(['queue', 'move', from, to, '--count', '30']);
    expect(result.code).toBe(0);
    expect((await take(to)).map((message) => message.content.toString())).toEqual(numbers(30));
    expect(await depth(from)).toBe(70);
  });

  it('--exchange with --routing-key publishes through that exchange; without a key, each message keeps its own', async () => {
    const [from, exchange, keyed, own] = [uniqueName(), uniqueName('x'), uniqueName(), uniqueName()];
    await fill(from, numbers(4));
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertExchange(exchange, 'direct', { autoDelete: false });
      await channel.assertQueue(keyed);
      await channel.bindQueue(keyed, exchange, 'picked');
      await channel.assertQueue(own);
      // Messages filled through the default exchange carry the source queue's name as their key.
      await channel.bindQueue(own, exchange, from);
    });
    const picked = await mqcli(['queue', 'move', from, '--exchange', exchange, '--routing-key', 'picked', '--count', '2']);
    expect(picked.code).toBe(0);
    expect(picked.stderr).toMatch(new RegExp(`moved 2 messages from queue '${from}' to exchange '${exchange}' \\(routing key 'picked'\\)`));
    const rest = await mqcli(['queue', 'move', from, '--exchange', exchange]);
    expect(rest.code).toBe(0);
    expect((await take(keyed)).map((message) => message.content.toString())).toEqual(['1', '2']);
    expect((await take(own)).map((message) => message.content.toString())).toEqual(['3', '4']);
  });

  it('stops at a destination that refuses: what it took moved, the rest stays, exit 1', async () => {
    const [from, to] = [uniqueName(), uniqueName()];
    await fill(from, numbers(10));
    await withAmqp(async (connection) => {
      await (await connection.createChannel()).assertQueue(to, { arguments: { 'x-max-length': 5, 'x-overflow': 'reject-publish' } });
    });
    const result = await mqcli(['queue', 'move', from, to]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the move stopped: message 6 was refused: the destination nacked it .*; 5 messages moved, the rest stays in queue/m);
    expect((await take(to)).map((message) => message.content.toString())).toEqual(numbers(5));
    expect((await take(from)).map((message) => message.content.toString())).toEqual(numbers(10).slice(5));
  });

  it('loses nothing to kill -9 midway through 200,000: every message is in the source or the destination', { timeout: 240_000 }, async () => {
    const [from, to] = [uniqueName(), uniqueName()];
    const total = 200_000;
    await fill(from, numbers(total));
    const run = start(['queue', 'move', from, to], { timeout: 120_000 });
    await waitFor(async () => (await depth(to).catch(() => 0)) > 20_000, 60_000, 'the move to be under way');
    run.child.kill('SIGKILL');
    await run.done;
    const seen = new Set([...(await drainBodies(from)), ...(await drainBodies(to))]);
    expect(numbers(total).filter((body) => !seen.has(body))).toEqual([]);
  });

  it('redrives dead letters back to the queue they came from; --dry-run only says where', async () => {
    const [work, dlq] = [uniqueName('work'), uniqueName('dlq')];
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(dlq);
      await channel.assertQueue(work, { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq } });
      for (const body of ['a', 'b', 'c']) channel.sendToQueue(work, Buffer.from(body));
      // A consumer that rejects them all, as a failing worker would.
      let rejected = 0;
      await channel.consume(work, (message) => {
        if (message === null) return;
        channel.nack(message, false, false);
        rejected++;
      });
      await waitFor(() => rejected === 3, 10_000, 'the rejections');
      // A round trip on the same channel: the broker has handled the rejections before it answers.
      await channel.checkQueue(work);
    });
    await waitFor(async () => (await depth(dlq)) === 3, 10_000, 'the dead letters');
    const dry = await mqcli(['queue', 'move', dlq, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(`1\tqueue '${work}'\n2\tqueue '${work}'\n3\tqueue '${work}'\n`);
    expect(await depth(dlq)).toBe(3);
    const result = await mqcli(['queue', 'move', dlq]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`moved 3 messages from queue '${dlq}' to queue '${work}'`));
    const back = await take(work);
    expect(back.map((message) => message.content.toString())).toEqual(['a', 'b', 'c']);
    expect(back[0]?.properties.headers?.['x-death']).toHaveLength(1);
  });

  it('keeps in the source what names no origin, and says so with exit 1', async () => {
    const source = uniqueName();
    await fill(source, ['orphan']);
    const result = await mqcli(['queue', 'move', source]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: 1 message names no queue to go back to .* and stays? in queue/);
    expect(await depth(source)).toBe(1);
  });

  it('refuses bad combinations before connecting (exit 2)', async () => {
    expect((await mqcli(['queue', 'move', 'a', 'a'])).stderr).toMatch(/'a' is both the source and the destination/);
    expect((await mqcli(['queue', 'move', 'a', '--routing-key', 'k'])).code).toBe(2);
    expect((await mqcli(['queue', 'move', 'a', 'b', '--exchange', 'x'])).stderr).toMatch(/not both/);
  });
});
