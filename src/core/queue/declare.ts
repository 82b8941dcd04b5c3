import type { BrokerConnection } from '../broker/connection.js';
import type { QueueSpec } from '../amqp/queue-spec.js';

export interface QueueState {
  queue: string;
  messages: number;
  consumers: number;
}

export interface DeclaredQueue extends QueueState {
  type: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  arguments: Record<string, unknown>;
}

/** Declares `name` with `spec` (succeeds if it exists with the same settings). */
export async function declareQueue(connection: BrokerConnection, name: string, spec: QueueSpec): Promise<DeclaredQueue> {
  const channel = await connection.channel();
  const reply = await channel.assertQueue(name, spec);
  return {
    queue: reply.queue,
    type: typeof spec.arguments['x-queue-type'] === 'string' ? spec.arguments['x-queue-type'] : 'classic',
    durable: spec.durable,
    exclusive: spec.exclusive,
    autoDelete: spec.autoDelete,
    arguments: spec.arguments,
    messages: reply.messageCount,
    consumers: reply.consumerCount,
  };
}

/** Checks that `name` exists (a passive declare) and returns its counts; 404 if it does not. */
export async function checkQueue(connection: BrokerConnection, name: string): Promise<QueueState> {
  const channel = await connection.channel();
  const reply = await channel.checkQueue(name);
  return { queue: reply.queue, messages: reply.messageCount, consumers: reply.consumerCount };
}
