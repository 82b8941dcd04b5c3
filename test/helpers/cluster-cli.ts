import type { ConsumeMessage } from 'amqplib';
import type { BrokerInfo } from '../setup/broker.js';
import type { ClusterNode } from '../setup/cluster.js';
import { type CliOptions, start } from './cli.js';
import { killNode, restartNode, runningNodes, withNode } from './cluster.js';
import { waitFor } from './wait.js';

/** The nodes as one URL list, in this order (the first is the one mqcli connects to). */
export function urlList(nodes: readonly ClusterNode[]): string {
  return nodes.map((node) => `amqp://guest:guest@127.0.0.1:${node.port}`).join(',');
}

/** Starts the built binary with MQ_URL set to `urls`, and no MQ_HOST/MQ_PORT to override it. */
export function startOn(urls: string, args: string[], options: CliOptions = {}) {
  const broker: BrokerInfo = { port: 0, mgmtPort: 0, extraPort: 0, env: {} } as unknown as BrokerInfo;
  return start(args, { timeout: 150_000, ...options, broker, env: { MQ_HOST: undefined, MQ_PORT: undefined, MQ_URL: urls, ...options.env } });
}

/** Declares a queue of `type` through `node`, with amqplib. */
export async function declareOn(node: ClusterNode, queue: string, type: 'quorum' | 'stream'): Promise<void> {
  await withNode(node, async (connection) => {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': type } });
  });
}

/** Publishes the numbers 1..count to `queue` through `node`, every one confirmed. */
export async function publishNumbers(node: ClusterNode, queue: string, count: number): Promise<void> {
  await withNode(node, async (connection) => {
    const channel = await connection.createConfirmChannel();
    for (let n = 1; n <= count; n++) {
      if (!channel.sendToQueue(queue, Buffer.from(String(n)), { persistent: true })) await new Promise((resolve) => channel.once('drain', resolve));
      if (n % 5000 === 0) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
  });
}

/**
 * Consumes and acks everything in `queue` through `node`: done once the queue has no ready
 * message left and nothing came for `quietMs` (deliveries already on their way arrive first).
 */
export async function readQueue(node: ClusterNode, queue: string, quietMs = 300): Promise<string[]> {
  const bodies: string[] = [];
  await withNode(node, async (connection) => {
    const channel = await connection.createChannel();
    await channel.prefetch(1000);
    let last = Date.now();
    await channel.consume(queue, (message: ConsumeMessage | null) => {
      if (message === null) return;
      bodies.push(message.content.toString());
      channel.ack(message);
      last = Date.now();
    });
    await waitFor(async () => Date.now() - last > quietMs && (await channel.checkQueue(queue)).messageCount === 0, 120_000, `${queue} to be read to the end`);
    await channel.close();
  });
  return bodies;
}

/** Resolves once `queue` holds at least `count` messages, as `node` counts them. */
export async function waitForDepth(node: ClusterNode, queue: string, count: number): Promise<void> {
  await withNode(node, async (connection) => {
    const channel = await connection.createChannel();
    await waitFor(async () => (await channel.checkQueue(queue)).messageCount >= count, 60_000, `${count} messages in ${queue}`);
  });
}

/** How often each of 1..count occurs in `numbers`: the missing ones, and how many came more than once. */
export function tally(numbers: readonly string[], count: number): { missing: number[]; duplicates: number; strangers: string[] } {
  const seen = new Map<string, number>();
  for (const n of numbers) seen.set(n, (seen.get(n) ?? 0) + 1);
  const missing: number[] = [];
  for (let n = 1; n <= count; n++) if (!seen.has(String(n))) missing.push(n);
  const strangers = [...seen.keys()].filter((key) => !/^\d+$/.test(key) || Number(key) < 1 || Number(key) > count);
  return { missing, duplicates: numbers.length - seen.size, strangers };
}

/** kill -9 of `node`; returns when it happened (ms since the epoch). */
export function kill(node: ClusterNode): number {
  killNode(node);
  return Date.now();
}

/** Starts `node` again and waits until all `size` nodes run, so the next test has its cluster back. */
export async function bringBack(node: ClusterNode, size = 3): Promise<void> {
  restartNode(node);
  await waitFor(() => runningNodes(node).length === size, 90_000, `${size} running nodes`);
}

/** Resolves when `text()` matches `pattern`; returns when that was (ms since the epoch). */
export async function when(text: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<number> {
  await waitFor(() => pattern.test(text()), timeoutMs, `output matching ${pattern}`);
  return Date.now();
}
