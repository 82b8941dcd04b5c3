import type { BrokerConnection } from './connection.js';
import { isNotFound, isPreconditionFailed } from './error-map.js';
import { BrokerError } from '../errors.js';
import { queueSpec, type QueueType } from '../amqp/queue-spec.js';

/**
 * Makes sure `queue` exists before messages go to it through the default exchange: an existing
 * queue is used as it is (never re-declared, so no 406 for queues made elsewhere); a missing one
 * is declared with `queue declare`'s defaults (of `type`, classic unless said) when `declare` is
 * true. Returns whether it exists.
 */
export async function ensureQueue(connection: BrokerConnection, queue: string, declare: boolean, type?: QueueType): Promise<'exists' | 'created' | 'missing'> {
  const probe = await connection.channel();
  try {
    await probe.checkQueue(queue);
    await probe.close();
    return 'exists';
  } catch (error) {
    // A failed passive declare closes its channel; anything but "not found" is a real failure.
    if (!isNotFound(error)) throw error;
  }
  if (!declare) return 'missing';
  const channel = await connection.channel();
  await channel.assertQueue(queue, queueSpec({ type }));
  await channel.close();
  return 'created';
}

/** What send and listen say on stderr when they created the queue. */
export function createdNote(queue: string, type: QueueType = 'classic'): string {
  if (type === 'stream') return `created stream queue '${queue}' (durable: --offset reads stream queues only)`;
  return `created queue '${queue}' (durable, ${type}: what mqcli queue declare makes)`;
}

/**
 * Fails with a clear error unless the existing `queue` is a stream. A passive declare does not say
 * the type, and re-declaring with x-queue-type=stream also fails for a stream declared with other
 * arguments (x-max-age…); a consumer with x-stream-offset is refused (406) by every other queue
 * type before anything is delivered, so it is the test. Its channel is thrown away either way.
 */
export async function checkStream(connection: BrokerConnection, queue: string): Promise<void> {
  const probe = await connection.channel();
  try {
    // Streams need a prefetch; 'next' delivers nothing that is already there.
    await probe.prefetch(1);
    await probe.consume(queue, () => {}, { arguments: { 'x-stream-offset': 'next' } });
  } catch (error) {
    if (!isPreconditionFailed(error)) throw error;
    throw new BrokerError(`queue '${queue}' is not a stream queue: --offset applies only to streams`, {
      hint: `Drop --offset to consume it, or read a stream: mqcli queue declare <name> --type stream`,
    });
  }
  await probe.close();
}
