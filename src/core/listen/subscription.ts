import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError } from '../errors.js';
import { checkStream, createdNote, ensureQueue } from '../broker/ensure-queue.js';
import { checkExchange } from '../broker/probe.js';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import type { Listener } from './listener.js';
import type { ListenPlan } from './plan.js';
import type { TapBinding } from './tap.js';

/** The consumer listen has on the broker: its channel, its tag, and the queue it reads. */
export interface Subscription {
  channel: Channel;
  consumerTag: string;
  queue: string;
  /** The last cancel-and-consume in progress: only one may run at a time. */
  switching: Promise<unknown>;
}

/** Runs `task` after any other cancel-and-consume on this subscription has finished. */
export function exclusive<T>(subscription: Subscription, task: () => Promise<T>): Promise<T> {
  const result = subscription.switching.then(task, task);
  subscription.switching = result.catch(() => {});
  return result;
}

/** Consumes again with the plan's prefetch; what the old consumer delivered stays unacked on the channel. */
export async function resubscribe(subscription: Subscription, listener: Listener, plan: ListenPlan): Promise<void> {
  await subscription.channel.cancel(subscription.consumerTag);
  await subscription.channel.prefetch(plan.prefetch);
  listener.use(subscription.channel, plan.prefetch);
  subscription.consumerTag = await consume(subscription.channel, subscription.queue, listener, plan);
}

function missingQueue(connection: BrokerConnection, queue: string, hint?: string): BrokerError {
  return new BrokerError(`queue '${queue}' does not exist in vhost '${connection.target.vhost}'`, { hint });
}

/** Before the first subscription: the queue exists (created unless --no-declare), or the exchange does. */
export async function prepare(run: Run, connection: BrokerConnection, plan: ListenPlan): Promise<void> {
  if (plan.exchange !== undefined) return checkExchange(connection, plan.exchange);
  const queue = plan.queue as string;
  if (plan.peek) {
    // Peeking creates nothing: a missing queue has nothing to show, and that is an error.
    if ((await ensureQueue(connection, queue, false)) === 'missing') throw missingQueue(connection, queue);
    return;
  }
  // --offset reads streams only: a missing queue becomes one, an existing one must be one.
  const type = plan.offset === undefined ? undefined : 'stream';
  const state = await ensureQueue(connection, queue, plan.declare, type);
  if (state === 'created') run.log.info(createdNote(queue, type));
  if (state === 'missing') {
    const declare = `mqcli queue declare ${queue}${type === undefined ? '' : ' --type stream'}`;
    throw missingQueue(connection, queue, `Drop --no-declare to create it, or: ${declare}`);
  }
  if (state === 'exists' && type !== undefined) await checkStream(connection, queue);
}

/**
 * A channel with a consumer on it: the queue itself, or a temporary queue bound to the exchange
 * with `bindings`.
 * When the broker closes that channel (consumer timeout, a policy…) with the connection still up,
 * `onClosed` hears why; losing the connection is the reconnect logic's business instead.
 */
export async function openSubscription(
  connection: BrokerConnection,
  plan: ListenPlan,
  listener: Listener,
  onClosed: (error: CliError) => void,
  bindings: readonly TapBinding[] = [],
): Promise<Subscription> {
  const channel = await connection.channel();
  // So that --json and --template print each header with the type it had on the wire (envelope.ts);
  // not for raw and pretty, which never read a header table typed (the hook halves bench/typed-headers.mjs's receive rate).
  if (plan.format === 'json' || plan.format === 'template') enableTypedHeaders(channel);
  let reason: Error | undefined;
  channel.on('error', (error: Error) => (reason ??= error));
  // A channel the broker closes gets an 'error' first; one lost with its connection does not.
  channel.on('close', () => {
    if (reason !== undefined) onClosed(operationError(reason));
  });
  let queue = plan.queue as string;
  if (plan.exchange !== undefined) {
    // Server-named, exclusive, auto-delete: it lives exactly as long as this tap.
    queue = (await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false })).queue;
    for (const { key, args } of bindings) await channel.bindQueue(queue, plan.exchange, key, args);
  }
  if (!plan.noAck) await channel.prefetch(plan.prefetch);
  listener.use(channel, plan.noAck ? 0 : plan.prefetch);
  return { channel, consumerTag: await consume(channel, queue, listener, plan), queue, switching: Promise.resolve() };
}

/** Starts consuming `queue` with the plan's ack mode and stream offset; returns the consumer tag. */
export async function consume(channel: Channel, queue: string, listener: Listener, plan: Pick<ListenPlan, 'noAck' | 'offset'>): Promise<string> {
  const args = plan.offset === undefined ? undefined : { 'x-stream-offset': plan.offset };
  return (await channel.consume(queue, listener.handle, { noAck: plan.noAck, arguments: args })).consumerTag;
}
