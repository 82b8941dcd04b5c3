import type { Channel } from 'amqplib';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import type { BrokerConnection } from '../broker/connection.js';
import { createdNote, ensureQueue } from '../broker/ensure-queue.js';
import { operationError } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError } from '../errors.js';
import { ACK_BATCH } from './ack-batch.js';
import type { ExecPlan } from './plan.js';
import { JOBS_PER_SHELL } from './shell.js';

/** Before each subscription: the queue exists (created unless --no-declare). A restarted broker may have lost a transient one. */
export async function prepareQueue(run: Run, connection: BrokerConnection, plan: Pick<ExecPlan, 'queue' | 'declare'>): Promise<void> {
  const { queue } = plan;
  const state = await ensureQueue(connection, queue, plan.declare);
  if (state === 'created') run.log.info(createdNote(queue));
  if (state === 'missing') {
    throw new BrokerError(`queue '${queue}' does not exist in vhost '${connection.target.vhost}'`, {
      hint: `Drop --no-declare to create it, or: mqcli queue declare ${queue}`,
    });
  }
}

/**
 * The consumer's prefetch: what the shells run and hold, one more each (a message is always
 * there to hold when a command ends: no round trip per message), and the acks held for a batch
 * (see AckBatch); never more than --count still needs, counted from what is settled, since what
 * a channel now gone delivered and did not settle comes again.
 */
export function execPrefetch(plan: Pick<ExecPlan, 'concurrency' | 'count'>, settled: number): number {
  const prefetch = (JOBS_PER_SHELL + 1) * plan.concurrency + ACK_BATCH;
  return plan.count === undefined ? prefetch : Math.max(1, Math.min(prefetch, plan.count - settled));
}

/**
 * A channel for the consumer, its headers read with their wire types (MQ_HEADERS is in the
 * envelope's form, as listen --json prints it). When the broker closes it (consumer timeout, queue
 * deleted…) with the connection still up, `onClosed` hears why.
 */
export async function openConsumerChannel(connection: BrokerConnection, onClosed: (error: CliError) => void): Promise<Channel> {
  const channel = await connection.channel();
  enableTypedHeaders(channel);
  let reason: Error | undefined;
  channel.on('error', (error: Error) => (reason ??= error));
  // A channel the broker closes gets an 'error' first; one lost with its connection does not.
  channel.on('close', () => {
    if (reason !== undefined) onClosed(operationError(reason));
  });
  return channel;
}
