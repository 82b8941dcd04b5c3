// The operator's listings over the management API, on a vhost of this file's own so that what
// they show is exactly what the file made: a connection, a channel, a consumer, bindings, policies.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ctl, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const vhost = uniqueName('vh');
const user = uniqueName('u');
const env = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}`, MQ_VHOST: vhost });
const list = async (...args: string[]) => {
  const result = await mqcli([...args, '--json'], { env: env() });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

let connection: ChannelModel;
let channel: Channel;
let closed: Promise<Error>;
beforeAll(async () => {
  ctl('add_vhost', vhost);
  ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  ctl('add_user', user, 'secret-pw');
  ctl('set_user_tags', user, 'monitoring');
  ctl('set_permissions', '-p', vhost, user, '^q-', '', '.*');
  ctl('set_policy', '-p', vhost, 'ttl', '^q-', '{"message-ttl":60000}', '--apply-to', 'queues', '--priority', '3');
  ctl('set_operator_policy', '-p', vhost, 'cap', '^q-', '{"max-length":1000}', '--apply-to', 'queues');
  connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${inject('broker').port}/${encodeURIComponent(vhost)}`, {
    clientProperties: { connection_name: 'ops-test' },
  });
  closed = new Promise((resolve) => connection.once('close', resolve));
  connection.on('error', () => {});
  channel = await connection.createConfirmChannel();
  await channel.prefetch(7);
  await channel.assertExchange('x-in', 'topic');
  await channel.assertExchange('x-out', 'fanout');
  await channel.assertQueue('q-a');
  await channel.bindQueue('q-a', 'x-in', 'k.*', { 'x-note': 'one' });
  await channel.bindExchange('x-out', 'x-in', '#');
  await channel.consume('q-a', () => {}, { consumerTag: 'tag\none' });
}, 30_000);
afterAll(async () => {
  // The last test has the broker close it.
  await Promise.race([closed, connection?.close().catch(() => {})]);
  ctl('delete_vhost', vhost);
  ctl('delete_user', user);
});

describe('listings over the management API', () => {
  it('connection list shows user, client, node, state and channels; channel list the prefetch and confirm mode', async () => {
    // The API counts a connection's channels a statistics interval after they open.
    await waitFor(async () => (await list('connection', 'list'))[0]?.channels === 1, 15_000, 'the connection and its channel');
    const [row] = await list('connection', 'list');
    expect(row).toMatchObject({ user: 'guest', vhost, client: { product: 'amqplib' }, channels: 1 });
    expect(row.client.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(row.node).toMatch(/@/);
    await waitFor(async () => (await list('channel', 'list')).length === 1, 15_000, 'the channel');
    const [ch] = await list('channel', 'list');
    expect(ch).toMatchObject({ connection: row.name, user: 'guest', prefetch: 7, confirm: true });
    expect(await list('connection', 'list', '--filter', 'nothing-*')).toEqual([]);
  });

  it('consumer list shows queue, tag, prefetch, ack mode, and escapes the tag in a table', async () => {
    await waitFor(async () => (await list('consumer', 'list')).length === 1, 15_000, 'the consumer');
    const [row] = await list('consumer', 'list', '--queue', 'q-a');
    expect(row).toMatchObject({ queue: 'q-a', tag: 'tag\none', prefetch: 7, ack: 'manual', active: true });
    expect(await list('consumer', 'list', '--queue', 'other')).toEqual([]);
    const table = await mqcli(['consumer', 'list'], { env: env() });
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('queue\ttag\tprefetch\tack\tactive\texclusive\tconnection');
    expect(lines[1]).toMatch(/^q-a\ttag\\x0aone\t7\tmanual\tyes\tno\t/);
    expect(lines).toHaveLength(3);
  });

  it('binding list shows exchange-to-exchange and queue bindings with arguments, by source or destination', async () => {
    const all = await list('binding', 'list');
    expect(all).toEqual([
      { source: '', destination: 'q-a', destinationType: 'queue', routingKey: 'q-a', arguments: {} },
      { source: 'x-in', destination: 'q-a', destinationType: 'queue', routingKey: 'k.*', arguments: { 'x-note': 'one' } },
      { source: 'x-in', destination: 'x-out', destinationType: 'exchange', routingKey: '#', arguments: {} },
    ]);
    expect((await list('binding', 'list', '--source', 'x-in')).map((b: { destination: string }) => b.destination)).toEqual(['q-a', 'x-out']);
    expect((await list('binding', 'list', '--destination', 'x-out')).map((b: { source: string }) => b.source)).toEqual(['x-in']);
    const table = await mqcli(['binding', 'list', '--source', 'x-in'], { env: env() });
    expect(table.stdout).toBe('source\tdestination\ttype\trouting key\targuments\nx-in\tq-a\tqueue\tk.*\tx-note=one\nx-in\tx-out\texchange\t#\t-\n');
  });

  it('vhost, user and permission list; no password hash anywhere', async () => {
    expect(await list('vhost', 'list', '--filter', vhost)).toEqual([{ name: vhost, description: '', tags: [], tracing: false, messages: expect.anything() }]);
    const users = await mqcli(['user', 'list', '--json'], { env: env() });
    expect(users.stdout).not.toMatch(/hash|password/i);
    expect(JSON.parse(users.stdout)).toContainEqual({ name: user, tags: ['monitoring'] });
    expect(await list('permission', 'list')).toEqual([
      { user: 'guest', vhost, configure: '.*', write: '.*', read: '.*' },
      { user, vhost, configure: '^q-', write: '', read: '.*' },
    ]);
    expect((await mqcli(['permission', 'list', '--filter', 'u-*'], { env: env() })).stdout).toBe(`user\tconfigure\twrite\tread\n${user}\t^q-\t\t.*\n`);
  });

  it('policy list shows user and operator policies', async () => {
    expect(await list('policy', 'list')).toEqual([
      { name: 'cap', kind: 'operator', pattern: '^q-', applyTo: 'queues', priority: 0, definition: { 'max-length': 1000 } },
      { name: 'ttl', kind: 'policy', pattern: '^q-', applyTo: 'queues', priority: 3, definition: { 'message-ttl': 60000 } },
    ]);
  });

  it('node list shows running, alarms, uptime and version', async () => {
    const [node] = await list('node', 'list');
    expect(node).toMatchObject({ running: true, memoryAlarm: false, diskAlarm: false, version: '3.10.8' });
    expect(node.uptime).toBeGreaterThan(0);
    const table = (await mqcli(['node', 'list'], { env: env() })).stdout.split('\n');
    expect(table[0]).toBe('name\trunning\tmemory alarm\tdisk alarm\tuptime\tversion');
    expect(table[1]).toMatch(/\tyes\tno\tno\t(\d+[dhms] ?)+\t3\.10\.8$/);
  });

  it('a missing vhost is one clear error', async () => {
    const result = await mqcli(['consumer', 'list'], { env: { ...env(), MQ_VHOST: `${vhost}-gone` } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: /);
  });

  it('connection close closes it by name with the reason, and a wrong name is exit 1', async () => {
    const [row] = await list('connection', 'list');
    const result = await mqcli(['connection', 'close', row.name, '--reason', 'maintenance'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`closed connection '${row.name}'\n`);
    expect((await closed).message).toMatch(/CONNECTION_FORCED - maintenance/);
    const again = await mqcli(['connection', 'close', row.name], { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(`^error: no connection named '${row.name.replace(/[.>]/g, '\\$&')}'\n +See the names with: mqcli connection list\n$`),
    );
    const bad = await mqcli(['connection', 'close', 'x', '--reason', 'new\nline'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--reason[\s\S]*printable ASCII/);
  });
});
