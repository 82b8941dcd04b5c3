import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, mqcli, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const api = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });

/** A port nothing listens on, to stand for a broker without the management plugin. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('queue info', () => {
  it('shows counts over AMQP and settings from the management API', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b'], {}, { arguments: { 'x-max-length': 10 } });
    const result = await mqcli(['queue', 'info', queue, '--json'], { env: api() });
    expect(result.code).toBe(0);
    const { state, ...rest } = JSON.parse(result.stdout);
    expect(rest).toEqual({
      queue,
      vhost: '/',
      type: 'classic',
      durable: true,
      autoDelete: false,
      exclusive: false,
      arguments: { 'x-max-length': 10 },
      messages: 2,
      consumers: 0,
    });
    // The API reports a state once the queue's first statistics are in.
    expect([undefined, 'running']).toContain(state);
  });

  it('still shows the counts without the management API, and says what is missing', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a']);
    const result = await mqcli(['queue', 'info', queue], { env: { MQ_API_URL: `http://127.0.0.1:${await closedPort()}` } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`queue\t${queue}\nvhost\t/\nmessages\t1\nconsumers\t0\n`);
    expect(result.stderr).toMatch(/type, durability and arguments need the management API: .* connection refused/);
  });

  it('exits 1 for a missing queue', async () => {
    const result = await mqcli(['queue', 'info', 'no-such-queue'], { env: api() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: queue 'no-such-queue' does not exist in vhost '\/'/);
  });
});

describe('queue list', () => {
  it('lists the queues with type and counts, filtered, as TSV in a pipe and as JSON', async () => {
    const prefix = uniqueName('list');
    await fillQueue(`${prefix}-a`, ['1', '2', '3']);
    await fillQueue(`${prefix}-b`, [], {}, { arguments: { 'x-queue-type': 'quorum' } });
    await fillQueue(uniqueName('other'), []);
    // The management API refreshes its counts every second on the test broker.
    await waitFor(
      async () => {
        // A busy management API may answer late (an error, empty stdout): that is one more poll.
        const result = await mqcli(['queue', 'list', '--filter', `${prefix}-*`, '--json'], { env: api() });
        if (result.code !== 0) return false;
        const rows = JSON.parse(result.stdout);
        return rows.length === 2 && rows[0].messagesReady === 3 && rows[1].state === 'running';
      },
      20_000,
      'fresh counts',
    );
    const text = await mqcli(['queue', 'list', '--filter', `${prefix}-*`], { env: api() });
    expect(text.stdout).toBe(`name\ttype\tready\tunacked\tconsumers\tstate\n${prefix}-a\tclassic\t3\t0\t0\trunning\n${prefix}-b\tquorum\t0\t0\t0\trunning\n`);
    const json = JSON.parse((await mqcli(['queue', 'list', '--filter', `${prefix}-?`, '--json'], { env: api() })).stdout);
    expect(json.map((row: { name: string; type: string }) => [row.name, row.type])).toEqual([
      [`${prefix}-a`, 'classic'],
      [`${prefix}-b`, 'quorum'],
    ]);
  });

  it('says how to enable the plugin when the management API is not there', async () => {
    const result = await mqcli(['queue', 'list'], { env: { MQ_API_URL: `http://127.0.0.1:${await closedPort()}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the management API at http:\/\/127\.0\.0\.1:\d+ is not reachable: connection refused\n  .*rabbitmq-plugins enable rabbitmq_management/,
    );
  });

  it('says when the vhost does not exist', async () => {
    // The AMQP connection comes first (it tells which broker the API must answer for) and says it.
    const result = await mqcli(['exchange', 'list'], { env: { ...api(), MQ_VHOST: 'nope' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/vhost 'nope' .*it does not exist/);
  });
});

describe('queue purge and delete', () => {
  it('purges and says how many messages went', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b', 'c']);
    const result = await mqcli(['queue', 'purge', queue]);
    expect(result.stdout).toBe(`purged 3 messages from queue '${queue}'\n`);
    expect((await queueState(queue))?.messageCount).toBe(0);
    await fillQueue(queue, ['a']);
    expect(JSON.parse((await mqcli(['queue', 'purge', queue, '--json'])).stdout)).toEqual({ queue, purged: 1 });
  });

  it('deletes and says how many messages went with it; a missing queue is an error', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b']);
    const result = await mqcli(['queue', 'delete', queue]);
    expect(result.stdout).toBe(`deleted queue '${queue}' (2 messages went with it)\n`);
    expect(await queueState(queue)).toBeUndefined();
    const again = await mqcli(['queue', 'delete', queue]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/does not exist/);
  });

  it('refuses when a guard fails: --if-empty, --if-unused', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a']);
    const full = await mqcli(['queue', 'delete', queue, '--if-empty']);
    expect(full.code).toBe(1);
    expect(full.stderr).toBe(`error: queue '${queue}' was not deleted: it still holds messages (--if-empty)\n`);
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.consume(queue, () => {});
      const used = await mqcli(['queue', 'delete', queue, '--if-unused']);
      expect(used.code).toBe(1);
      expect(used.stderr).toMatch(/was not deleted: it has consumers \(--if-unused\)/);
    });
    expect(await queueState(queue)).toBeDefined();
  });

  it('asks once on a terminal before purging messages, unless --yes', async () => {
    if (spawnSync('script', ['--version']).status !== 0) return; // util-linux's script provides the terminal
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b']);
    const { port } = inject('broker');
    const env = { PATH: process.env.PATH, HOME: tempDir(), MQ_HOST: '127.0.0.1', MQ_PORT: String(port) };
    const no = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" queue purge ${queue}`, '/dev/null'], { input: 'n\n', env, encoding: 'utf8' });
    expect(no.stdout).toMatch(/Purge 2 messages from queue '.*'\? \[y\/N\]/);
    expect(no.status).toBe(1);
    expect((await queueState(queue))?.messageCount).toBe(2);
    const yes = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" queue purge ${queue}`, '/dev/null'], { input: 'y\n', env, encoding: 'utf8' });
    expect(yes.status).toBe(0);
    expect((await queueState(queue))?.messageCount).toBe(0);
    await fillQueue(queue, ['c']);
    const skipped = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" queue delete ${queue} --yes`, '/dev/null'], { env, encoding: 'utf8' });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).not.toMatch(/\[y\/N\]/);
    expect(await queueState(queue)).toBeUndefined();
  });
});

describe('bindings', () => {
  it('binds and unbinds a queue; messages follow the binding', async () => {
    const queue = uniqueName();
    const exchange = uniqueName('ex');
    await mqcli(['exchange', 'declare', exchange, '--type', 'topic']);
    await mqcli(['queue', 'declare', queue]);
    const bound = await mqcli(['queue', 'bind', queue, exchange, '--routing-key', 'orders.*']);
    expect(bound.stdout).toBe(`bound queue '${queue}' to exchange '${exchange}' (routing key 'orders.*')\n`);
    expect((await mqcli(['send', '--exchange', exchange, 'orders.new', 'x'])).code).toBe(0);
    const unbound = await mqcli(['queue', 'unbind', queue, exchange, '-k', 'orders.*', '--json']);
    expect(JSON.parse(unbound.stdout)).toEqual({ queue, exchange, routingKey: 'orders.*', arguments: {}, bound: false });
    expect((await mqcli(['send', '--exchange', exchange, 'orders.new', 'y'])).code).toBe(1);
    expect((await queueState(queue))?.messageCount).toBe(1);
  });

  it('binds with arguments to a headers exchange, and exchange to exchange', async () => {
    const headers = uniqueName('hx');
    const fanout = uniqueName('fx');
    const queue = uniqueName();
    await mqcli(['exchange', 'declare', headers, '--type', 'headers']);
    await mqcli(['exchange', 'declare', fanout, '--type', 'fanout']);
    await mqcli(['queue', 'declare', queue]);
    expect((await mqcli(['queue', 'bind', queue, headers, '--arg', 'x-match=any', '--arg', 'kind=report'])).code).toBe(0);
    expect((await mqcli(['exchange', 'bind', headers, fanout])).stdout).toBe(`bound exchange '${headers}' to exchange '${fanout}' (routing key '')\n`);
    await mqcli(['send', '--exchange', fanout, '', 'report!', '-H', 'kind=report']);
    await mqcli(['send', '--exchange', fanout, '', 'other', '-H', 'kind=other']).catch(() => {});
    expect((await queueState(queue))?.messageCount).toBe(1);
  });

  it('names what is missing (404) and refuses bad --arg (exit 2)', async () => {
    const queue = uniqueName();
    await mqcli(['queue', 'declare', queue]);
    const noExchange = await mqcli(['queue', 'bind', queue, 'no-such-exchange']);
    expect(noExchange.code).toBe(1);
    expect(noExchange.stderr).toMatch(/^error: exchange 'no-such-exchange' does not exist in vhost '\/'/);
    const noQueue = await mqcli(['queue', 'bind', 'no-such-queue', 'amq.direct']);
    expect(noQueue.stderr).toMatch(/^error: queue 'no-such-queue' does not exist in vhost '\/'/);
    const bad = await mqcli(['queue', 'bind', queue, 'amq.direct', '--arg', 'novalue']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--arg expects key=value, not 'novalue'/);
  });
});

describe('exchanges', () => {
  it('declares (idempotent), lists, and deletes', async () => {
    const exchange = uniqueName('ex');
    const args = ['exchange', 'declare', exchange, '--type', 'fanout', '--alternate-exchange', 'amq.fanout', '--arg', 'x-note=1', '--json'];
    const first = await mqcli(args);
    expect(JSON.parse(first.stdout)).toEqual({
      exchange,
      type: 'fanout',
      durable: true,
      autoDelete: false,
      internal: false,
      arguments: { 'x-note': 1, 'alternate-exchange': 'amq.fanout' },
    });
    expect((await mqcli(args)).code).toBe(0);
    const listed = JSON.parse((await mqcli(['exchange', 'list', '--filter', exchange, '--json'], { env: api() })).stdout);
    expect(listed).toEqual([
      { name: exchange, type: 'fanout', durable: true, autoDelete: false, internal: false, arguments: { 'x-note': 1, 'alternate-exchange': 'amq.fanout' } },
    ]);
    const table = await mqcli(['exchange', 'list', '--filter', 'amq.topic'], { env: api() });
    expect(table.stdout).toBe('name\ttype\tdurable\tauto-delete\tinternal\namq.topic\ttopic\ttrue\tfalse\tfalse\n');
    expect((await mqcli(['exchange', 'delete', exchange])).stdout).toBe(`deleted exchange '${exchange}'\n`);
    const missing = await mqcli(['exchange', 'delete', exchange]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/exchange '.*' does not exist/);
  });

  it('declares with --no-durable, --auto-delete and --internal', async () => {
    const exchange = uniqueName('ex');
    expect((await mqcli(['exchange', 'declare', exchange, '--type', 'topic', '--no-durable', '--auto-delete', '--internal'])).code).toBe(0);
    const listed = JSON.parse((await mqcli(['exchange', 'list', '--filter', exchange, '--json'], { env: api() })).stdout);
    expect(listed).toMatchObject([{ name: exchange, type: 'topic', durable: false, autoDelete: true, internal: true }]);
  });

  it.each([
    [['exchange', 'declare', 'amq.mine', '--type', 'direct'], 1, /exchange name 'amq.mine' is reserved/],
    [['exchange', 'declare', 'amq.direct', '--type', 'topic'], 1, /^error: exchange 'amq.direct' already exists with type=direct; this asked for type=topic/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await mqcli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to delete an exchange something is bound to, with --if-unused', async () => {
    const exchange = uniqueName('ex');
    const queue = uniqueName();
    await mqcli(['exchange', 'declare', exchange, '--type', 'direct']);
    await mqcli(['queue', 'declare', queue]);
    await mqcli(['queue', 'bind', queue, exchange]);
    const result = await mqcli(['exchange', 'delete', exchange, '--if-unused']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/was not deleted: something is bound to it \(--if-unused\)/);
  });
});
