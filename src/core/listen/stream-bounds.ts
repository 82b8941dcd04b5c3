import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';

/** How long the end of a stream may keep delivering before its last offset is taken as it stands. */
const SETTLE_MS = 300;
/** How long an empty stream is given to deliver anything. */
const EMPTY_MS = 500;

/** The first and last offsets a stream holds now; undefined when it holds nothing. */
export interface StreamBounds {
  first: number;
  last: number;
}

/**
 * A stream's first and last offsets, which AMQP 0-9-1 does not tell (its message count is 0, the
 * management API's a late sample): a consumer at 'first' is handed its first message, and one at
 * 'last' the messages of its last chunk, whose highest offset is the end. Offsets count messages
 * one by one, so last - first + 1 messages are there. Nothing is changed: stream acks remove nothing.
 */
export async function streamBounds(connection: BrokerConnection, queue: string): Promise<StreamBounds | undefined> {
  const first = await offsetsAt(connection, queue, 'first', true);
  if (first === undefined) return undefined;
  const last = await offsetsAt(connection, queue, 'last', false);
  return { first, last: Math.max(first, last ?? first) };
}

/** The first offset delivered from `start` (`firstOnly`), or the highest delivered until deliveries settle. */
async function offsetsAt(connection: BrokerConnection, queue: string, start: 'first' | 'last', firstOnly: boolean): Promise<number | undefined> {
  const channel: Channel = await connection.channel();
  channel.on('error', () => {});
  await channel.prefetch(1000);
  let highest: number | undefined;
  try {
    await new Promise<void>((resolve) => {
      let timer = setTimeout(resolve, EMPTY_MS);
      void channel.consume(
        queue,
        (message: ConsumeMessage | null) => {
          if (message === null) return resolve();
          const offset: unknown = message.properties.headers?.['x-stream-offset'];
          // The rest of a chunk may come in the same read, after the first was enough.
          if (typeof offset === 'number' && (highest === undefined || (!firstOnly && offset > highest))) highest = offset;
          channel.ack(message);
          if (firstOnly) return resolve();
          clearTimeout(timer);
          timer = setTimeout(resolve, SETTLE_MS);
        },
        { arguments: { 'x-stream-offset': start } },
      );
    });
  } finally {
    await channel.close().catch(() => {});
  }
  return highest;
}

/** The `x-stream-offset` header a stream queue puts on each delivery, if this is one. */
export function streamOffsetOf(message: Message): number | undefined {
  const offset: unknown = message.properties.headers?.['x-stream-offset'];
  return typeof offset === 'number' ? offset : undefined;
}
