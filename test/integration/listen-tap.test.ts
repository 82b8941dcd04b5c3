// listen --exchange without --binding: a tap that sees every message the exchange routes, by type.
import type { Channel } from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { freePorts } from '../../scripts/lib/broker.mjs';
import { uniqueName, withAmqp } from '../helpers/amqp.js';
import { start } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const apiUrl = () => `http://127.0.0.1:${inject('broker').mgmtPort}`;
/** A management API that is not there: a port nobody listened on a moment ago. */
const noApi = async () => `http://127.0.0.1:${(await freePorts(1))[0]}`;

interface ApiBinding {
  destination: string;
  routing_key: string;
  arguments: Record<string, unknown>;
}

/** The bindings of `exchange` to the tap's server-named queue, as the broker's own API lists them. */
async function tapBindings(exchange: string): Promise<ApiBinding[]> {
  const response = await fetch(`${apiUrl()}/api/exchanges/%2F/${encodeURIComponent(exchange)}/bindings/source`, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
  });
  const bindings = (await response.json()) as ApiBinding[];
  return bindings.filter((binding) => binding.destination.startsWith('amq.gen-')).sort((a, b) => a.routing_key.localeCompare(b.routing_key));
}

type Setup = (channel: Channel, exchange: string) => Promise<unknown>;
type Message = [routingKey: string, body: string, headers?: Record<string, unknown>];

/**
 * Starts `listen --exchange` on a fresh exchange made by `setup`, waits until the broker lists
 * `bound` bindings of the tap, publishes `messages` with confirms, and returns how listen ended.
 */
async function tap(type: string, setup: Setup, bound: number, messages: Message[], args: string[], api = apiUrl()) {
  const exchange = uniqueName(`tap-${type}`);
  await withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, type, { durable: false, autoDelete: false });
    await setup(channel, exchange);
  });
  const run = start(['listen', '--exchange', exchange, ...args], { env: { MQ_API_URL: api } });
  try {
    await waitFor(async () => (await tapBindings(exchange)).length === bound, 15_000, 'the tap to bind');
    const bindings = await tapBindings(exchange);
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      for (const [key, body, headers] of messages) channel.publish(exchange, key, Buffer.from(body), headers === undefined ? {} : { headers });
      await channel.waitForConfirms();
    });
    return { result: await run.done, bindings, exchange };
  } finally {
    run.child.kill();
    await withAmqp(async (connection) => (await connection.createChannel()).deleteExchange(exchange));
  }
}

/** A queue of its own bound to `exchange`, as an application's would be; unused, it expires after a minute. */
const boundQueue = async (channel: Channel, exchange: string, key: string, args?: Record<string, unknown>) => {
  const { queue } = await channel.assertQueue(uniqueName('app'), { durable: false, expires: 60_000 });
  await channel.bindQueue(queue, exchange, key, args);
};

describe('listen --exchange with no --binding sees every message', () => {
  it('direct: binds every key its bindings use, to queues and to exchanges, and says so', async () => {
    const setup: Setup = async (channel, exchange) => {
      await boundQueue(channel, exchange, 'some.key');
      await boundQueue(channel, exchange, 'other');
      await boundQueue(channel, exchange, 'other');
      const downstream = uniqueName('down');
      await channel.assertExchange(downstream, 'fanout', { autoDelete: true });
      await channel.bindExchange(downstream, exchange, 'to.exchange');
    };
    const messages: Message[] = [
      ['nobody.binds.this', 'lost'],
      ['some.key', 'a'],
      ['other', 'b'],
      ['to.exchange', 'c'],
    ];
    const { result, bindings, exchange } = await tap('direct', setup, 3, messages, ['--count', '3']);
    expect(bindings.map((binding) => binding.routing_key)).toEqual(['other', 'some.key', 'to.exchange']);
    expect(result.stdout).toBe('a\nb\nc\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `exchange '${exchange}' is direct: the tap is bound to the 3 routing keys its bindings use ('other', 'some.key', 'to.exchange'); ` +
        'messages with other keys, keys bound from now on too, are not seen; --binding <key> binds keys of your choosing instead\n',
    );
  });

  it('topic: binds #, which sees every key, the empty one too', async () => {
    const { result, bindings } = await tap(
      'topic',
      async () => {},
      1,
      [
        ['a.b.c', 'one'],
        ['', 'two'],
        ['x', 'three'],
      ],
      ['--count', '3'],
    );
    expect(bindings.map((binding) => binding.routing_key)).toEqual(['#']);
    expect(result.stdout).toBe('one\ntwo\nthree\n');
    expect(result.stderr).not.toMatch(/warning/);
  });

  it('fanout: one binding, any key', async () => {
    const { result, bindings } = await tap(
      'fanout',
      async () => {},
      1,
      [
        ['x', 'one'],
        ['', 'two'],
      ],
      ['--count', '2'],
    );
    expect(bindings).toHaveLength(1);
    expect(result.stdout).toBe('one\ntwo\n');
  });

  it('headers: x-match=all with nothing to compare matches messages with any headers or none', async () => {
    const setup: Setup = (channel, exchange) => boundQueue(channel, exchange, '', { 'x-match': 'all', kind: 'a' });
    const messages: Message[] = [
      ['k', 'kind b', { kind: 'b' }],
      ['', 'no headers'],
      ['k', 'kind a', { kind: 'a', n: 1 }],
    ];
    const { result, bindings } = await tap('headers', setup, 1, messages, ['--count', '3']);
    expect(bindings[0]?.arguments).toEqual({ 'x-match': 'all' });
    expect(result.stdout).toBe('kind b\nno headers\nkind a\n');
  });

  it('without the management API: binds # and the empty key and says what the tap may miss', async () => {
    const setup: Setup = (channel, exchange) => boundQueue(channel, exchange, 'some.key');
    const { result, bindings } = await tap(
      'direct',
      setup,
      2,
      [
        ['some.key', 'missed'],
        ['', 'seen'],
      ],
      ['--count', '1'],
      await noApi(),
    );
    expect(bindings.map((binding) => binding.routing_key)).toEqual(['', '#']);
    expect(result.stdout).toBe('seen\n');
    expect(result.stderr).toMatch(
      /^warning: the type of exchange '.*' is unknown without the management API \(the management API at http:\/\/127\.0\.0\.1:\d+ is not reachable: connection refused\); the tap is bound to '#' and the empty key, .* on a direct exchange only those two keys: name the keys to see with --binding <key> \(repeatable\)\n/,
    );
  });

  it('--binding binds exactly the keys named, without asking the management API', async () => {
    const setup: Setup = (channel, exchange) => boundQueue(channel, exchange, 'some.key');
    const args = ['--binding', 'mine', '--binding', 'yours', '--count', '1'];
    const { result, bindings } = await tap(
      'direct',
      setup,
      2,
      [
        ['some.key', 'not named'],
        ['yours', 'named'],
      ],
      args,
      await noApi(),
    );
    expect(bindings.map((binding) => binding.routing_key)).toEqual(['mine', 'yours']);
    expect(result.stdout).toBe('named\n');
    expect(result.stderr).not.toMatch(/warning|management API/);
  });
});
