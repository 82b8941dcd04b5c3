import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type GetMessage, type Options } from 'amqplib';
import { afterAll, beforeAll, inject } from 'vitest';
import type { BrokerInfo } from '../setup/broker.js';

/** A unique name per test, so tests sharing the broker never see each other's queues. */
export function uniqueName(prefix = 'q'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Runs rabbitmqctl against the test broker. */
export function ctl(...args: string[]): string {
  return ctlOn(inject('broker'), ...args);
}

/** Runs rabbitmqctl against a given broker. */
export function ctlOn(broker: BrokerInfo, ...args: string[]): string {
  const { env } = broker;
  return execFileSync('bash', ['scripts/broker.sh', 'ctl', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/**
 * A broker user with full rights on vhost /, for the tests of the calling file: created before
 * them, deleted after. Call at the top of a file or a describe block.
 */
export function brokerUser(prefix: string, password: string): string {
  const user = uniqueName(prefix);
  beforeAll(() => {
    ctl('add_user', user, password);
    ctl('set_permissions', '-p', '/', user, '.*', '.*', '.*');
  });
  afterAll(() => {
    ctl('delete_user', user);
  });
  return user;
}

/** A plain amqplib connection to the test broker, independent of mqcli, to check its work. */
export async function withAmqp<T>(work: (connection: ChannelModel) => Promise<T>, broker: BrokerInfo = inject('broker')): Promise<T> {
  const { port } = broker;
  const connection = await amqp.connect({ hostname: '127.0.0.1', port, username: 'guest', password: 'guest' });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** Takes every message from `queue` (acked), in order. */
export function drainQueue(queue: string): Promise<GetMessage[]> {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    const messages: GetMessage[] = [];
    for (let message = await channel.get(queue, { noAck: true }); message !== false; message = await channel.get(queue, { noAck: true })) {
      messages.push(message);
    }
    return messages;
  });
}

/** Declares `queue` (durable, as mqcli does) and publishes `bodies` to it with confirms. */
export function fillQueue(queue: string, bodies: (string | Buffer)[], options: Options.Publish = {}, declare: Options.AssertQueue = {}): Promise<void> {
  return withAmqp(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, declare);
    for (const body of bodies) channel.sendToQueue(queue, Buffer.isBuffer(body) ? body : Buffer.from(body), options);
    await channel.waitForConfirms();
  });
}

/** Ready and consumer counts of `queue`, or undefined when it does not exist. */
export function queueState(queue: string): Promise<{ messageCount: number; consumerCount: number } | undefined> {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    try {
      return await channel.checkQueue(queue);
    } catch {
      return undefined;
    }
  });
}

export function deleteQueue(queue: string): Promise<void> {
  return withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
  });
}
