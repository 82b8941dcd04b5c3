import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { checkStream, createdNote, ensureQueue } from '../broker/ensure-queue.js';
import type { Run } from '../context.js';
import { BrokerError } from '../errors.js';

/** Where a consumer's messages come from: a queue, or (listen --exchange) a temporary queue bound to an exchange. */
export interface Source {
  /** `queue 'jobs'` or `exchange 'logs'`, for what mqcli says. */
  readonly label: string;
  /** The queue named by the user, if any (for --drain's depth, and the stream note). */
  readonly queue: string | undefined;
  /** Before each subscription, at the start and after a reconnect: a restarted broker may have lost a transient queue. */
  prepare(connection: BrokerConnection, again: boolean): Promise<'exists' | 'created'>;
  /** The queue to consume, on the consumer's own channel. */
  queueOn(channel: Channel): Promise<string>;
}

export interface QueueChoice {
  queue: string;
  /** Create it when missing (false with --no-declare). */
  declare: boolean;
  /** --offset: it must be a stream; a missing one is made one. */
  stream?: boolean | undefined;
  /** --peek creates nothing: a missing queue has nothing to show. */
  peek?: boolean | undefined;
}

/** A named queue: it exists, or is created (unless --no-declare), and says so. */
export function namedQueue(run: Run, choice: QueueChoice): Source {
  const { queue } = choice;
  const type = choice.stream === true ? 'stream' : undefined;
  return {
    label: `queue '${queue}'`,
    queue,
    async prepare(connection) {
      const state = await ensureQueue(connection, queue, choice.declare && choice.peek !== true, type);
      if (state === 'created') run.log.info(createdNote(queue, type));
      if (state === 'missing') {
        const where = `queue '${queue}' does not exist in vhost '${connection.target.vhost}'`;
        if (choice.peek === true) throw new BrokerError(where);
        throw new BrokerError(where, { hint: `Drop --no-declare to create it, or: mqcli queue declare ${queue}${type === undefined ? '' : ' --type stream'}` });
      }
      if (state === 'exists' && type !== undefined) await checkStream(connection, queue);
      return state;
    },
    queueOn: async () => queue,
  };
}

/** Whether an existing queue is a stream: a consumer with x-stream-offset is refused by every other type. */
export async function isStream(connection: BrokerConnection, queue: string): Promise<boolean> {
  try {
    await checkStream(connection, queue);
    return true;
  } catch {
    return false;
  }
}

/** Says `note` once the source's queue turns out to be a stream (and listening has not ended meanwhile). */
export async function noteIfStream(run: Run, connection: BrokerConnection, source: Source, note: string | undefined, ended: () => boolean): Promise<void> {
  if (note === undefined || source.queue === undefined) return;
  if ((await isStream(connection, source.queue)) && !ended()) run.log.info(note);
}
