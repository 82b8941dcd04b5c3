// Tests that close connections or restart the broker get a broker of their own, so the other
// test files, running in parallel on the shared broker, are never disturbed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type BrokerInfo } from '../setup/broker.js';
import { ctlOn, uniqueName, withAmqp } from '../helpers/amqp.js';
import { freezeBroker } from '../helpers/broker-freeze.js';
import { start } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

let broker: BrokerInfo;
let stop: () => void;

beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`disruptive-${process.pid}`));
});
afterAll(() => stop?.());

const publish = (queue: string, body: string) =>
  withAmqp(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue);
    channel.sendToQueue(queue, Buffer.from(body));
    await channel.waitForConfirms();
  }, broker);

const consumers = (queue: string) =>
  withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    return (await channel.checkQueue(queue).catch(() => ({ consumerCount: 0 }))).consumerCount;
  }, broker);

describe('listen when the broker closes the connection', () => {
  it('reconnects by default, says so, and goes on', async () => {
    const queue = uniqueName();
    await publish(queue, 'before');
    const run = start(['listen', queue, '--count', '2'], { broker });
    await waitFor(() => run.stdoutText() === 'before\n', 15_000, 'the first message');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /reconnected/.test(run.stderrText()), 20_000, 'the reconnect');
    await publish(queue, 'after');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('before\nafter\n');
    expect(result.stderr).toMatch(/warning: the broker closed the connection: test closes it \(CONNECTION_FORCED\); reconnecting/);
  });

  it('exits 1 with --no-reconnect', async () => {
    const queue = uniqueName();
    await publish(queue, 'x');
    const run = start(['listen', queue, '--no-reconnect'], { broker });
    await waitFor(async () => (await consumers(queue)) === 1, 15_000, 'the consumer');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: the broker closed the connection: test closes it \(CONNECTION_FORCED\)/);
  });

  it('survives a broker restart', async () => {
    const queue = uniqueName();
    await publish(queue, 'one');
    const run = start(['listen', queue, '--count', '2'], { broker, timeout: 60_000 });
    await waitFor(() => run.stdoutText() === 'one\n', 15_000, 'the first message');
    ctlOn(broker, 'stop_app');
    ctlOn(broker, 'start_app');
    await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
    await publish(queue, 'two');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('one\ntwo\n');
  });

  it('declares the queue again when a restart lost it (transient queue)', async () => {
    const queue = uniqueName();
    await withAmqp(async (connection) => {
      await (await connection.createChannel()).assertQueue(queue, { durable: false });
    }, broker);
    const run = start(['listen', queue, '--count', '1'], { broker, timeout: 60_000 });
    await waitFor(async () => (await consumers(queue)) === 1, 15_000, 'the consumer');
    ctlOn(broker, 'stop_app');
    ctlOn(broker, 'start_app');
    await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
    await publish(queue, 'after the restart');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('after the restart\n');
    expect(result.stderr).toMatch(/created queue/);
  });
});

describe('send when the connection is lost mid-stream', () => {
  it('exits 1 with --no-reconnect and says how many were confirmed', async () => {
    const queue = uniqueName();
    const run = start(['send', queue, '--no-reconnect'], { broker, keepStdinOpen: true });
    run.child.stdin.write('a\nb\n');
    await waitFor(() => /created queue/.test(run.stderrText()), 15_000, 'the send to start');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    run.child.stdin.write('c\n');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: the broker closed the connection: test closes it \(CONNECTION_FORCED\); \d+ sent, \d+ confirmed/);
  });

  it('stops on Ctrl-C even while the broker blocks publishers, reporting what is unconfirmed', async () => {
    ctlOn(broker, 'set_vm_memory_high_watermark', '0');
    try {
      const queue = uniqueName();
      const run = start(['send', queue], { broker, keepStdinOpen: true, timeout: 30_000 });
      run.child.stdin.write('x\n'.repeat(20_000));
      await waitFor(() => /blocking publishers/.test(run.stderrText()), 15_000, 'the broker to block');
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/interrupted \(SIGINT\): [\d,]+ sent, \d+ confirmed, 0 nacked, [\d,]+ unconfirmed/);
    } finally {
      ctlOn(broker, 'set_vm_memory_high_watermark', '0.4');
    }
  });

  it.each([[[]], [['--no-confirm']]])('stops on Ctrl-C while waiting on a blocked broker after all input is sent %j', async (extra) => {
    ctlOn(broker, 'set_vm_memory_high_watermark', '0');
    try {
      const run = start(['send', uniqueName(), 'hello', ...extra], { broker, timeout: 30_000 });
      await waitFor(() => /blocking publishers/.test(run.stderrText()), 15_000, 'the broker to block');
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/interrupted \(SIGINT\): 1 sent/);
    } finally {
      ctlOn(broker, 'set_vm_memory_high_watermark', '0.4');
    }
  });
});

describe('listen --drain across a reconnect', () => {
  it('still ends once the queue is empty', async () => {
    const queue = uniqueName();
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue);
      for (let i = 0; i < 3000; i++) channel.sendToQueue(queue, Buffer.from(`m${i}`.padEnd(200, '.')));
      await channel.waitForConfirms();
    }, broker);
    // The close must come before the end: stop reading at the first output, so the pipe fills
    // (3000 lines of 200 bytes are far more than a pipe holds) and listen cannot get further until
    // the connection is closed and reading goes on.
    const run = start(['listen', queue, '--drain', '--prefetch', '1'], { broker, timeout: 60_000 });
    run.child.stdout.once('data', () => run.child.stdout.pause());
    await waitFor(() => run.stdoutText().length > 0, 15_000, 'the first messages');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    run.child.stdout.resume();
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/reconnected/);
    expect(new Set(result.stdout.trim().split('\n')).size).toBe(3000);
  });
});

describe('listen --exchange when the broker closes the connection', () => {
  it('binds the same keys again on the new connection', async () => {
    const exchange = uniqueName('tap');
    const app = uniqueName('app');
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertExchange(exchange, 'direct', { durable: false });
      await channel.assertQueue(app, { durable: false, expires: 60_000 });
      await channel.bindQueue(app, exchange, 'some.key');
    }, broker);
    const send = (body: string) =>
      withAmqp(async (connection) => {
        const channel = await connection.createConfirmChannel();
        channel.publish(exchange, 'some.key', Buffer.from(body));
        await channel.waitForConfirms();
      }, broker);
    const run = start(['listen', '--exchange', exchange, '--count', '2'], { broker, env: { MQ_API_URL: `http://127.0.0.1:${broker.mgmtPort}` } });
    await waitFor(() => run.stderrText().includes("('some.key')"), 15_000, 'the tap');
    await send('before');
    await waitFor(() => run.stdoutText() === 'before\n', 15_000, 'the first message');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /listening to exchange .* again/.test(run.stderrText()), 30_000, 'the reconnect').catch((error: Error) => {
      throw new Error(`${error.message}; stderr so far:\n${run.stderrText()}`);
    });
    await send('after');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('before\nafter\n');
    // The keys were learned once: the note is not said again after the reconnect.
    expect(result.stderr.match(/is direct: the tap is bound/g)).toHaveLength(1);
  });
});

describe('listen when the broker stops answering', () => {
  it('says so once the broker has not answered for 10 s, and goes on when it answers again', { timeout: 90_000 }, async () => {
    const queue = uniqueName('frozen');
    await publish(queue, 'before');
    const run = start(['listen', queue, '--count', '2'], { broker, timeout: 80_000 });
    await waitFor(() => run.stdoutText() === 'before\n', 15_000, 'the first message');
    const thaw = freezeBroker(broker);
    try {
      // Quiet for 5 s, then a question unanswered for 10 s: the line comes about 15 s in.
      await waitFor(() => /no answer from the broker/.test(run.stderrText()), 40_000, 'the stall line');
    } finally {
      thaw();
    }
    await publish(queue, 'after');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('before\nafter\n');
    expect(result.stderr).toMatch(new RegExp(`^warning: no answer from the broker for 1\\d s \\(listening to queue '${queue}'\\); still connected$`, 'm'));
  });
});
