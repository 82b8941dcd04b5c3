// Nacks on a connection that never failed over are the queue's answer: exit 1 at once, as before
// --retry-nacks (which only takes the nacks after a failover for a passing state).
import { describe, expect, it } from 'vitest';
import { queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';

// A classic queue: a quorum queue of RabbitMQ 3.10 takes a burst beyond its x-max-length.
const fullQueue = () =>
  withAmqp(async (connection) => {
    const queue = uniqueName('full');
    await (await connection.createChannel()).assertQueue(queue, { durable: true, arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish' } });
    return queue;
  });

describe('send to a full x-overflow reject-publish queue', () => {
  it('exits 1 at once with the counts, nothing published again', async () => {
    const queue = await fullQueue();
    const started = Date.now();
    const result = await mqcli(['send', queue, 'a', 'b', 'c', 'd', 'e']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the broker did not confirm every message: 5 sent, 2 confirmed, 3 nacked, 0 unconfirmed\n' +
        '  Unconfirmed or nacked messages may not have been stored; send them again\n',
    );
    // No retry window was open: far from the default 300 s of --retry-nacks.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await queueState(queue))?.messageCount).toBe(2);
  });
});

describe('request to a full x-overflow reject-publish queue', () => {
  it('exits 1 at once: the broker nacked it, no wait for a reply', async () => {
    const queue = await fullQueue();
    await mqcli(['send', queue, 'a', 'b']);
    const started = Date.now();
    const result = await mqcli(['request', queue, 'c', '--timeout', '30']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: the broker nacked the request to queue '${queue}': the queue did not take it\n`));
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('--retry-nacks', () => {
  it.each([
    [['--retry-nacks', 'soon'], /--retry-nacks.*a whole number of seconds from 0 to 86400/],
    [['--retry-nacks', '-1'], /--retry-nacks.*a whole number of seconds from 0 to 86400/],
    [['--retry-nacks', '10', '--no-reconnect'], /--retry-nacks is about nacks after a failover: it cannot be used with --no-reconnect/],
    [['--retry-nacks', '10', '--no-confirm'], /--retry-nacks is about nacks after a failover: it cannot be used with --no-confirm/],
  ])('send %j is refused with exit 2 before connecting', async (flags, message) => {
    const queue = uniqueName('retry-flag');
    const result = await mqcli(['send', queue, 'x', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await queueState(queue)).toBeUndefined();
  });

  it.each([
    [['--retry-nacks', 'soon'], /--retry-nacks.*a whole number of seconds from 0 to 86400/],
    [['--retry-nacks', '10', '--no-reconnect'], /--retry-nacks is about nacks after a failover: it cannot be used with --no-reconnect/],
  ])('queue move %j is refused with exit 2 before connecting', async (flags, message) => {
    const [source, destination] = [uniqueName('retry-src'), uniqueName('retry-dst')];
    const result = await mqcli(['queue', 'move', source, destination, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await queueState(destination)).toBeUndefined();
  });

  it('0 with --no-reconnect is allowed: nothing to retry either way', async () => {
    const queue = uniqueName('retry-zero');
    const result = await mqcli(['send', queue, 'x', '--retry-nacks', '0', '--no-reconnect']);
    expect(result.code, result.stderr).toBe(0);
  });
});
