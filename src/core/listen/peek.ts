import type { Channel, ConsumeMessage } from 'amqplib';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import type { Listener } from './listener.js';

/**
 * --peek: takes messages one by one with basic.get and never acks them, so closing the channel
 * afterwards puts every one back (marked redelivered). Stops at `limit`, or when none is ready.
 */
export async function peek(channel: Channel, queue: string, limit: number | undefined, listener: Listener, signal: AbortSignal): Promise<void> {
  // As a consumer's channel: each header with the type it had on the wire (envelope.ts).
  enableTypedHeaders(channel);
  let taken = 0;
  while (!signal.aborted && (limit === undefined || taken < limit)) {
    const message = await channel.get(queue, { noAck: false });
    if (message === false) break;
    taken++;
    listener.handle(message as unknown as ConsumeMessage);
    await listener.flushed();
  }
}
