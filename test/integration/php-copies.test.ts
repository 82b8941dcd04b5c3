// What mqcli copies and prints, checked with php-amqplib, a client that is not amqplib: php
// publishes a message with a cluster-id and the header values other clients write (a negative
// decimal, an int64 beyond 2^53, keys named __proto__ and constructor) and one with no property
// at all; `queue move` and `listen --json | send --json` must give php the same messages back,
// and every path that prints an envelope must print the same headers (test/fixtures/php-copies.php).
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { hasPhpAmqplib, MISSING_PHP, skipWithout } from '../helpers/needs.js';

const SCRIPT = 'test/fixtures/php-copies.php';
const hasPhp = hasPhpAmqplib;
const MISSING = MISSING_PHP;
// Skipped only on a developer's machine without it; in CI its absence fails the tests.
const skip = skipWithout(hasPhp, 'php-amqplib', 'php-copies.test.ts');

interface PhpMessage {
  body: string;
  properties: Record<string, unknown>;
  headers: [string, [string, unknown]][] | null;
}

/** The typed message's header table as every envelope path must print it (key order as on the wire). */
const TYPED_HEADERS =
  '{"decimal":{"!":"decimal","value":{"places":2,"digits":-12345}},"int64":{"!":"int64","value":"1152921504606846977"},' +
  '"int32":{"!":"int32","value":7},"__proto__":"kept","toString":true,' +
  '"nested":{"__proto__":"nested","constructor":-1}}';

function php(...args: string[]): string {
  if (!hasPhp) throw new Error(`${MISSING}; CI must have it (scripts/ensure-deps.sh installs it as root)`);
  return execFileSync('php', [SCRIPT, args[0] as string, String(inject('broker').port), ...args.slice(1)], { encoding: 'utf8', timeout: 30_000 });
}

const publish = (queue: string) => php('publish', '', queue);
const read = (queue: string, count = 2) => JSON.parse(php('read', queue, String(count))) as PhpMessage[];

const declare = (...queues: string[]) =>
  withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.assertQueue(queue, { autoDelete: false, durable: true });
  });
const remove = (...queues: string[]) =>
  withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
  });

/** What php reads of its own two messages, straight from the queue it published them to. */
async function originals(): Promise<PhpMessage[]> {
  const queue = uniqueName('php-ref');
  await declare(queue);
  publish(queue);
  const messages = read(queue);
  await remove(queue);
  return messages;
}

/** The headers of each envelope line, as JSON text (null for a line without "headers"). */
const headersOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => {
      const { headers } = JSON.parse(line).properties as { headers?: unknown };
      return headers === undefined ? null : JSON.stringify(headers);
    });

describe.skipIf(skip)('copies that php-amqplib reads as the originals', () => {
  it('php sees its own messages as published: the fixture means what it says', async () => {
    const [typed, bare] = await originals();
    expect(typed?.properties).toMatchObject({ cluster_id: 'php-cluster', delivery_mode: 2, message_id: 'm-typed', content_type: 'text/plain' });
    expect(typed?.headers).toContainEqual(['decimal', ['D', [2, -12_345]]]);
    expect(typed?.headers).toContainEqual(['int64', ['l', '1152921504606846977']]);
    expect(typed?.headers).toContainEqual(['__proto__', ['S', Buffer.from('kept').toString('hex')]]);
    expect(bare).toEqual({ body: 'bare', properties: {}, headers: null });
  });

  it('queue move: cluster-id, an absent header table, a negative decimal, int64 and __proto__ come out as they went in', async () => {
    const expected = await originals();
    const [source, target] = [uniqueName('php-move-src'), uniqueName('php-move-dst')];
    await declare(source, target);
    publish(source);
    const moved = await mqcli(['queue', 'move', source, target]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(read(target)).toEqual(expected);
    await remove(source, target);
  });

  it('listen --json | send --json: the same, but a message without a delivery mode comes out persistent (as the README says)', async () => {
    const [typed, bare] = await originals();
    const [source, target] = [uniqueName('php-pipe-src'), uniqueName('php-pipe-dst')];
    await declare(source, target);
    publish(source);
    const listened = await mqcli(['listen', source, '--json', '--count', '2']);
    expect(listened.code, listened.stderr).toBe(0);
    const sent = await mqcli(['send', target, '--json'], { input: listened.stdout });
    expect(sent.code, sent.stderr).toBe(0);
    expect(read(target)).toEqual([typed, { ...bare, properties: { delivery_mode: 2 } }]);
    await remove(source, target);
  });

  it('listen --json, --peek --json and a stream print the same typed headers, and none for a message without a table', async () => {
    const queue = uniqueName('php-print');
    await declare(queue);
    publish(queue);
    const peeked = await mqcli(['listen', queue, '--peek', '--json']);
    expect(peeked.code, peeked.stderr).toBe(0);
    expect(headersOf(peeked.stdout)).toEqual([TYPED_HEADERS, null]);
    const listened = await mqcli(['listen', queue, '--json', '--count', '2']);
    expect(headersOf(listened.stdout)).toEqual([TYPED_HEADERS, null]);
    expect(JSON.parse(listened.stdout.split('\n')[0] as string).properties.clusterId).toBe('php-cluster');

    const stream = uniqueName('php-stream');
    await withAmqp(async (connection) => (await connection.createChannel()).assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } }));
    // RabbitMQ 3.10 cannot put a decimal in a stream (it closes the connection): the rest, then.
    php('publish', '', stream, 'no-decimal');
    const streamed = await mqcli(['listen', stream, '--offset', 'first', '--json', '--count', '2']);
    expect(streamed.code, streamed.stderr).toBe(0);
    // A stream keeps its own table (sorted, nested tables dropped, x-stream-offset added): what it delivers is read as exactly.
    const [typed, bare] = headersOf(streamed.stdout);
    for (const part of ['"__proto__":"kept"', '"int32":{"!":"int32","value":7}', '"int64":{"!":"int64","value":"1152921504606846977"}', '"toString":true'])
      expect(typed).toContain(part);
    expect(bare).toBe('{"x-stream-offset":{"!":"int64","value":1}}');
    await remove(queue, stream);
  });

  it('a tap prints the same typed headers', async () => {
    const exchange = uniqueName('php-tap');
    await withAmqp(async (connection) => (await connection.createChannel()).assertExchange(exchange, 'direct', { durable: false }));
    const run = start(['listen', '--exchange', exchange, '--binding', 'k', '--json', '--count', '2']);
    try {
      await waitFor(() => bound(exchange), 15_000, 'the tap to bind');
      php('publish', exchange, 'k');
      const tapped = await run.done;
      expect(tapped.code, tapped.stderr).toBe(0);
      expect(headersOf(tapped.stdout)).toEqual([TYPED_HEADERS, null]);
    } finally {
      run.child.kill();
      await withAmqp(async (connection) => (await connection.createChannel()).deleteExchange(exchange));
    }
  });

  it("--exec's MQ_HEADERS and a --template read the same typed table", async () => {
    const queue = uniqueName('php-exec');
    await declare(queue);
    publish(queue);
    const executed = await mqcli(['listen', queue, '--exec', 'printf "%s\\n" "$MQ_HEADERS"', '--count', '2']);
    expect(executed.code, executed.stderr).toBe(0);
    expect(executed.stdout).toBe(`${TYPED_HEADERS}\n{}\n`);
    publish(queue);
    const template = await mqcli(['listen', queue, '--template', '{headers.decimal}|{headers.int64}|{headers.__proto__}\\n', '--count', '1']);
    expect(template.stdout).toBe('{"!":"decimal","value":{"places":2,"digits":-12345}}|1152921504606846977|kept\n');
    await remove(queue);
  });

  it('send -H with a negative decimal writes what php reads as -123.45', async () => {
    const queue = uniqueName('php-send');
    await declare(queue);
    const sent = await mqcli(['send', queue, 'x', '-H', 'price:={"!":"decimal","value":{"places":2,"digits":-12345}}']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(read(queue, 1)[0]?.headers).toEqual([['price', ['D', [2, -12_345]]]]);
    await remove(queue);
  });

  it('send and request without -H write no header table, as other clients do (amqplib alone writes an empty one)', async () => {
    const queue = uniqueName('php-plain');
    await declare(queue);
    expect((await mqcli(['send', queue, 'plain'])).code).toBe(0);
    const [plain] = read(queue, 1);
    expect(plain?.headers).toBeNull();
    // The request goes unanswered: only what reached the queue matters here.
    await mqcli(['request', queue, 'asked', '--timeout', '1']);
    const [asked] = read(queue, 1);
    expect(asked).toMatchObject({ body: 'asked', headers: null });
    await remove(queue);
  });

  it("request --json prints a php server's typed reply with the same headers", async () => {
    const queue = uniqueName('php-rpc');
    await declare(queue);
    const server = spawn('php', [SCRIPT, 'reply', String(inject('broker').port), queue], { stdio: 'ignore' });
    try {
      const replied = await mqcli(['request', queue, 'question', '--json']);
      expect(replied.code, replied.stderr).toBe(0);
      expect(headersOf(replied.stdout)).toEqual([TYPED_HEADERS]);
      expect(JSON.parse(replied.stdout).properties.clusterId).toBe('php-cluster');
    } finally {
      server.kill();
      await remove(queue);
    }
  });
});

/** Whether the broker lists a binding of `exchange` to a tap's server-named queue. */
async function bound(exchange: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${inject('broker').mgmtPort}/api/exchanges/%2F/${encodeURIComponent(exchange)}/bindings/source`, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
  });
  return ((await response.json()) as { destination: string }[]).some((binding) => binding.destination.startsWith('amq.gen-'));
}
