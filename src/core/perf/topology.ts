import { queueSpec } from '../amqp/queue-spec.js';
import type { BrokerConnection } from '../broker/connection.js';
import { isNotFound } from '../broker/error-map.js';
import { BrokerError } from '../errors.js';
import type { PerfPlan } from './plan.js';

/**
 * Makes sure of the run's queues: an existing one is used as it is, a missing one is declared
 * (of --queue-type) unless --predeclared, which wants it there. Returns the ones it made.
 */
export async function prepareQueues(connection: BrokerConnection, plan: PerfPlan): Promise<string[]> {
  if (plan.exchange !== '') await checkExchange(connection, plan.exchange);
  const created: string[] = [];
  for (const queue of plan.queues) {
    if (await exists(connection, queue)) continue;
    if (!plan.declare)
      throw new BrokerError(`queue '${queue}' does not exist (--predeclared uses queues that are there)`, {
        hint: 'Declare it first, or drop --predeclared to let perf make it.',
      });
    const channel = await connection.channel();
    await channel.assertQueue(queue, queueSpec({ type: plan.queueType }));
    // Bound with the key its producers publish with; a queue perf did not make keeps the bindings it has.
    if (plan.exchange !== '') await channel.bindQueue(queue, plan.exchange, plan.routingKey ?? queue);
    await channel.close();
    created.push(queue);
  }
  return created;
}

async function checkExchange(connection: BrokerConnection, exchange: string): Promise<void> {
  const probe = await connection.channel();
  try {
    await probe.checkExchange(exchange);
    await probe.close();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new BrokerError(`exchange '${exchange}' does not exist`, { hint: `Declare it first: mqcli exchange declare ${exchange} --type direct` });
  }
}

async function exists(connection: BrokerConnection, queue: string): Promise<boolean> {
  const probe = await connection.channel();
  try {
    await probe.checkQueue(queue);
    await probe.close();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Messages ready or unacked in the queues (a stream keeps everything: it counts none). */
export async function leftIn(connection: BrokerConnection, queues: readonly string[], stream: boolean): Promise<number> {
  if (stream) return 0;
  let left = 0;
  for (const queue of queues) left += await depth(connection, queue);
  return left;
}

/** A queue deleted during the run holds nothing. */
async function depth(connection: BrokerConnection, queue: string): Promise<number> {
  const probe = await connection.channel();
  try {
    const { messageCount } = await probe.checkQueue(queue);
    await probe.close();
    return messageCount;
  } catch (error) {
    if (isNotFound(error)) return 0;
    throw error;
  }
}

/** Deletes the queues the run made. */
export async function deleteQueues(connection: BrokerConnection, queues: readonly string[]): Promise<void> {
  if (queues.length === 0) return;
  const channel = await connection.channel();
  for (const queue of queues) await channel.deleteQueue(queue);
  await channel.close();
}
