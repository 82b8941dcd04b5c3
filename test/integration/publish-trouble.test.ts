// send, request and queue move against a broker of their own that the tests freeze (SIGSTOP) and
// whose connections they close, so the other test files on the shared broker are never disturbed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type BrokerInfo } from '../setup/broker.js';
import { ctlOn, uniqueName, withAmqp } from '../helpers/amqp.js';
import { freezeBroker } from '../helpers/broker-freeze.js';
import { start } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

let broker: BrokerInfo;
let stop: () => void;

beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`publish-trouble-${process.pid}`));
});
afterAll(() => stop?.());

const depth = (queue: string) => withAmqp(async (connection) => (await (await connection.createChannel()).checkQueue(queue)).messageCount, broker);

describe('send to a frozen broker', () => {
  it('says once that no confirm came for 10 s while still connected, and exits 0 once the broker answers again', async () => {
    const queue = uniqueName('frozen');
    const run = start(['send', queue], { broker, keepStdinOpen: true, timeout: 60_000 });
    run.child.stdin.write('before\n');
    await waitFor(() => /created queue/.test(run.stderrText()), 15_000, 'the queue');
    await waitFor(async () => (await depth(queue)) === 1, 15_000, 'the first message');
    const thaw = freezeBroker(broker);
    try {
      // Published into the frozen broker's socket: nothing confirms them.
      run.child.stdin.write('a\nb\nc\n');
      await waitFor(() => /no confirm/.test(run.stderrText()), 20_000, 'the stall line');
    } finally {
      thaw();
    }
    run.child.stdin.end();
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning: no confirm from the broker for 1\d s \(3 waiting\); still connected$/m);
    expect(result.stderr.match(/no confirm/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/sent 4 messages to queue '.*' in .*, all confirmed\n$/);
    expect(await depth(queue)).toBe(4);
  });
});

describe('send to a full reject-publish queue across a reconnect', () => {
  it('publishes the nacks after the reconnect again until --retry-nacks is over, then exits 1 with the counts', async () => {
    const queue = uniqueName('full');
    await withAmqp(async (connection) => {
      await (await connection.createChannel()).assertQueue(queue, { arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish' } });
    }, broker);
    const run = start(['send', queue, '--retry-nacks', '3'], { broker, keepStdinOpen: true, timeout: 60_000 });
    run.child.stdin.write('1\n2\n');
    await waitFor(async () => (await depth(queue)) === 2, 15_000, 'a full queue');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /reconnected/.test(run.stderrText()), 20_000, 'the reconnect');
    run.child.stdin.end('3\n4\n');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^warning: the broker nacks messages for queue '.*' since the failover .*; publishing them again for up to 3 s \(--retry-nacks\)$/m,
    );
    expect(result.stderr).toMatch(/^warning: queue '.*' still nacks \d+ s after the failover \(--retry-nacks 3\): 2 messages count as nacked$/m);
    expect(result.stderr).toMatch(
      /error: the broker did not confirm every message: 4 sent, 2 confirmed, 2 nacked, 0 unconfirmed; [\d,]+ published again after a nack \(may be duplicated\)\n/,
    );
    expect(await depth(queue)).toBe(2);
  });
});

describe('request when the connection is lost before the reply', () => {
  it('reconnects, asks again with the same correlation id, and prints the reply', async () => {
    const queue = uniqueName('rpc');
    await withAmqp(async (connection) => void (await (await connection.createChannel()).assertQueue(queue)), broker);
    const request = start(['request', queue, 'hello', '--correlation-id', 'once', '--timeout', '40'], { broker, timeout: 60_000 });
    await waitFor(async () => (await depth(queue)) === 1, 15_000, 'the request');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(async () => (await depth(queue)) === 2, 20_000, 'the request asked again');
    // A server for both: the first answer goes to the channel that is gone, the second comes back.
    const server = await start(['listen', queue, '--exec', 'tr a-z A-Z', '--reply', '--count', '2'], { broker }).done;
    expect(server.code, server.stderr).toBe(0);
    const result = await request.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('HELLO\n');
    expect(result.stderr).toMatch(
      /^warning: the broker closed the connection: test closes it \(CONNECTION_FORCED\); reconnecting \(asking again within --timeout\)$/m,
    );
    expect(result.stderr).toMatch(
      /reconnected to 127\.0\.0\.1:\d+ after .*; asking again \(with the same correlation id: a server may get the request twice\)/,
    );
  });
});

describe('queue move when the connection is lost', () => {
  // Enough that the move is still going when rabbitmqctl (seconds to start) closes its connection.
  const count = 100_000;
  const fill = (queue: string) =>
    withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue);
      for (let n = 1; n <= count; n++) {
        if (!channel.sendToQueue(queue, Buffer.from(String(n)))) await new Promise((resolve) => channel.once('drain', resolve));
      }
      await channel.waitForConfirms();
    }, broker);
  /** Everything in `queue`, consumed and acked until a second passes without a delivery. */
  const bodies = (queue: string) =>
    withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.prefetch(1000);
      const seen: string[] = [];
      await new Promise<void>((resolve) => {
        let idle = setTimeout(resolve, 1000);
        void channel.consume(queue, (message) => {
          if (message === null) return;
          seen.push(message.content.toString());
          channel.ack(message);
          clearTimeout(idle);
          idle = setTimeout(resolve, 1000);
        });
      });
      return seen;
    }, broker);

  it('reconnects and moves on: every message in the destination, the source empty', async () => {
    const [source, destination] = [uniqueName('move-src'), uniqueName('move-dst')];
    await fill(source);
    const move = start(['queue', 'move', source, destination], { broker, timeout: 110_000 });
    await waitFor(() => /created queue/.test(move.stderrText()), 15_000, 'the destination');
    await waitFor(async () => (await depth(destination)) > 0, 15_000, 'the move to start');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    const result = await move.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: the broker closed the connection: test closes it \(CONNECTION_FORCED\); reconnecting \(--no-reconnect to exit instead\)$/m,
    );
    expect(result.stderr).toMatch(/reconnected to 127\.0\.0\.1:\d+ after .*; moving on from queue '.*' \(what was in flight comes again\)/);
    expect(result.stderr).toMatch(/moved [\d,]+ messages from queue '.*' to queue '.*' in .*; [\d,]+ moved again after a failover \(may be duplicated\)\n$/);
    const moved = new Set(await bodies(destination));
    expect(moved.size).toBe(count);
    expect(await depth(source)).toBe(0);
  }, 120_000);

  it('exits 1 with --no-reconnect, every message in one queue or the other', async () => {
    const [source, destination] = [uniqueName('move-src'), uniqueName('move-dst')];
    await fill(source);
    const move = start(['queue', 'move', source, destination, '--no-reconnect'], { broker, timeout: 110_000 });
    await waitFor(() => /created queue/.test(move.stderrText()), 15_000, 'the destination');
    await waitFor(async () => (await depth(destination)) > 0, 15_000, 'the move to start');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    const result = await move.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: the broker closed the connection: test closes it \(CONNECTION_FORCED\); [\d,]+ messages moved, the rest stays in queue/,
    );
    const both = new Set([...(await bodies(destination)), ...(await bodies(source))]);
    expect(both.size).toBe(count);
  }, 120_000);
});
