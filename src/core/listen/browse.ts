import { isNotFound } from '../broker/error-map.js';
import { withConnection } from '../broker/session.js';
import { isStream } from '../consumer/source.js';
import type { Run } from '../context.js';
import { BrokerError } from '../errors.js';
import { segment } from '../management/client.js';
import { clusterOf, verifiedApi } from '../management/verify.js';
import type { ListenPlan } from './plan.js';
import { type ListenOutcome, runListen } from './run-listen.js';
import { type StreamBounds, streamBounds } from './stream-bounds.js';

/** What `queue browse` learns of a queue before it reads: how many messages it holds, and its type if known. */
export interface QueueSurvey {
  messages: number;
  /** A stream's offsets: where browsing starts, and how many there are. */
  stream?: StreamBounds | undefined;
  /** From the management API; 'stream' also without it; undefined when it did not answer. */
  type: string | undefined;
}

/** The queue's count and type, on a short connection of its own; a missing queue is an error, never created. */
export async function surveyQueue(run: Run, queue: string): Promise<QueueSurvey> {
  const resolved = await run.settings();
  const { connection: settings } = resolved;
  const { messages, stream, cluster } = await withConnection(settings, { name: 'mqcli queue browse' }, async (connection) => {
    const channel = await connection.channel();
    let reply: { messageCount: number };
    try {
      reply = await channel.checkQueue(queue);
    } catch (error) {
      if (isNotFound(error)) throw new BrokerError(`queue '${queue}' does not exist in vhost '${settings.vhost}'`);
      throw error;
    }
    const stream: StreamBounds | undefined | 'no' = (await isStream(connection, queue)) ? await streamBounds(connection, queue) : 'no';
    return { messages: reply.messageCount, stream, cluster: clusterOf(connection) };
  });
  if (stream !== 'no') return { messages: stream === undefined ? 0 : stream.last - stream.first + 1, stream, type: 'stream' };
  try {
    const api = await verifiedApi(run, resolved, cluster);
    const { type } = await api.get<{ type?: string }>(`/api/queues/${segment(settings.vhost)}/${segment(queue)}`);
    return { messages, type };
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    return { messages, type: undefined };
  }
}

/** What browsing costs a queue of `type`, said once on stderr; nothing for a stream, which is read by offset. */
export function browseCost(queue: string, type: string | undefined): string | undefined {
  if (type === 'stream') return undefined;
  const marked = `the messages stay in queue '${queue}', but AMQP cannot show one without delivering it: each comes back marked redelivered`;
  if (type === 'quorum') return `${marked}, and the quorum queue counts a delivery (x-delivery-count; a delivery-limit dead-letters at its limit)`;
  if (type === undefined) return `${marked}; on a quorum queue each also counts as a delivery (x-delivery-count, towards its delivery-limit)`;
  return marked;
}

/**
 * `queue browse`: what the queue holds when it starts (--count: the first n that --where matches),
 * then stops. A classic or quorum queue through a consumer with no prefetch limit that acks
 * nothing, so closing the channel puts each back, in place on a classic queue (what listen --peek
 * does with basic.get, without its round trip per message); a stream through a consumer from its
 * first offset, whose acks remove nothing.
 */
export async function runBrowse(run: Run, plan: ListenPlan & { queue: string }): Promise<ListenOutcome> {
  const survey = await surveyQueue(run, plan.queue);
  const cost = browseCost(plan.queue, survey.type);
  if (cost !== undefined) run.log.info(cost);
  const { stream } = survey;
  if (survey.messages === 0)
    return { end: { kind: 'peeked' }, peeked: true, source: `queue '${plan.queue}'`, elapsedMs: 0, listened: true, written: 0, returned: 0 };
  // A reconnect would deliver everything again, to be written again: a lost connection ends a browse.
  const base = { ...plan, peek: false, declare: false, reconnect: false };
  if (stream === undefined) return { ...(await runListen(run, { ...base, prefetch: 0 }, { upTo: survey.messages, hold: true })), peeked: true };
  run.log.debug(`stream '${plan.queue}' holds offsets ${stream.first} to ${stream.last}`);
  return { ...(await runListen(run, { ...base, offset: stream.first }, { streamEnd: stream.last })), peeked: true };
}
