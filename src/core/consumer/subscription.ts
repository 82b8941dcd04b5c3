import type { Channel, ConsumeMessage } from 'amqplib';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import type { BrokerConnection } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import type { CliError } from '../errors.js';
import type { StreamOffset } from './stream-offset.js';

/** A consumer on the broker: its channel, its tag, and the queue it reads. */
export interface Subscription {
  channel: Channel;
  consumerTag: string;
  queue: string;
  prefetch: number;
  /** The last cancel-and-consume in progress: only one may run at a time. */
  switching: Promise<unknown>;
}

/** Runs `task` after any other cancel-and-consume on this subscription has finished. */
export function exclusive<T>(subscription: Subscription, task: () => Promise<T>): Promise<T> {
  const result = subscription.switching.then(task, task);
  subscription.switching = result.catch(() => {});
  return result;
}

/**
 * A channel for a consumer, its headers read with their wire types when `typed` (listen --json and
 * --exec's MQ_HEADERS print the envelope's form). When the broker closes it (consumer timeout, a
 * deleted queue, a policy…) with the connection still up, `onClosed` hears why; losing the
 * connection is the reconnect logic's business instead.
 */
export async function consumerChannel(connection: BrokerConnection, typed: boolean, onClosed: (error: CliError) => void): Promise<Channel> {
  const channel = await connection.channel();
  if (typed) enableTypedHeaders(channel);
  let reason: Error | undefined;
  channel.on('error', (error: Error) => (reason ??= error));
  // A channel the broker closes gets an 'error' first; one lost with its connection does not.
  channel.on('close', () => {
    if (reason !== undefined) onClosed(operationError(reason));
  });
  return channel;
}

export interface ConsumeOptions {
  noAck: boolean;
  /** A stream's offset to start at. */
  offset?: StreamOffset | undefined;
  /** Chosen by mqcli, so that what depends on the tag is set up before the first delivery. */
  consumerTag: string;
}

/** Starts consuming `queue`. */
export async function consume(channel: Channel, queue: string, onMessage: (message: ConsumeMessage | null) => void, options: ConsumeOptions): Promise<void> {
  const args = options.offset === undefined ? undefined : { 'x-stream-offset': options.offset };
  await channel.consume(queue, onMessage, { noAck: options.noAck, arguments: args, consumerTag: options.consumerTag });
}
