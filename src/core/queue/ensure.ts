import type { BrokerConnection } from '../broker/connection.js';
import { queueSpec } from './spec.js';

/**
 * Makes sure `queue` exists before messages go to it through the default exchange: an existing
 * queue is used as it is (never re-declared, so no 406 for queues made elsewhere); a missing one
 * is declared with `queue declare`'s defaults when `declare` is true. Returns whether it exists.
 */
export async function ensureQueue(connection: BrokerConnection, queue: string, declare: boolean): Promise<'exists' | 'created' | 'missing'> {
  const probe = await connection.channel();
  try {
    await probe.checkQueue(queue);
    await probe.close();
    return 'exists';
  } catch (error) {
    // A failed passive declare closes its channel; anything but "not found" is a real failure.
    if ((error as { code?: number }).code !== 404) throw error;
  }
  if (!declare) return 'missing';
  const channel = await connection.channel();
  await channel.assertQueue(queue, queueSpec({}));
  await channel.close();
  return 'created';
}

/** What send and listen say on stderr when they created the queue. */
export function createdNote(queue: string): string {
  return `created queue '${queue}' (durable, classic: what mqcli queue declare makes)`;
}

/** Fails with a clear 404 when `exchange` does not exist (the default exchange always does). */
export async function checkExchange(connection: BrokerConnection, exchange: string): Promise<void> {
  if (exchange === '') return;
  const probe = await connection.channel();
  await probe.checkExchange(exchange);
  await probe.close();
}
