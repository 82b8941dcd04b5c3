import type { Run } from '../context.js';
import { withConnection } from '../broker/session.js';
import { segment } from '../management/client.js';
import { listNamed } from '../management/list.js';
import { ApiMismatchError, clusterOf, managementApi, verifiedApi } from '../management/verify.js';
import { checkQueue } from './declare.js';

interface ApiQueue {
  name: string;
  vhost: string;
  type?: string;
  durable: boolean;
  auto_delete: boolean;
  exclusive: boolean;
  arguments: Record<string, unknown>;
  state?: string;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  node?: string;
}

/** One queue: counts over AMQP; the settings are undefined when the management API did not answer. */
export interface QueueInfo {
  queue: string;
  vhost: string;
  type: string | undefined;
  durable: boolean | undefined;
  autoDelete: boolean | undefined;
  exclusive: boolean | undefined;
  arguments: Record<string, unknown> | undefined;
  state: string | undefined;
  messages: number;
  consumers: number;
}

/** `queue info`'s answer, and why the management API gave no settings when it did not. */
export interface QueueInfoResult {
  info: QueueInfo;
  apiProblem?: string | undefined;
}

/** `queue info`: counts over AMQP (always exact), type, durability and arguments from the management API when it answers. */
export async function queueInfo(run: Run, name: string): Promise<QueueInfoResult> {
  const resolved = await run.settings();
  const { connection: settings } = resolved;
  const { state, cluster } = await withConnection(settings, { name: 'mqcli queue info' }, async (broker) => ({
    state: await checkQueue(broker, name),
    cluster: clusterOf(broker),
  }));
  let details: ApiQueue | undefined;
  let apiProblem: string | undefined;
  try {
    const api = await verifiedApi(run, resolved, cluster);
    details = await api.get<ApiQueue>(`/api/queues/${segment(settings.vhost)}/${segment(name)}`);
  } catch (error) {
    // Another broker's API (verifiedApi found out before asking it about the queue) is a note as
    // much as a missing one: its answers are never read, and the exact AMQP counts still hold.
    const hint = error instanceof ApiMismatchError && error.hint !== undefined ? `; ${error.hint}` : '';
    apiProblem = `${(error as Error).message}${hint}`;
  }
  const info: QueueInfo = {
    queue: state.queue,
    vhost: settings.vhost,
    type: details?.type ?? (details === undefined ? undefined : 'classic'),
    durable: details?.durable,
    autoDelete: details?.auto_delete,
    exclusive: details?.exclusive,
    arguments: details?.arguments,
    state: details?.state,
    messages: state.messages,
    consumers: state.consumers,
  };
  return { info, apiProblem };
}

/** One row of `queue list`; null where the management API has no figure yet. */
export interface QueueRow {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
  state: string | null;
  messagesReady: number | null;
  messagesUnacknowledged: number | null;
  consumers: number | null;
}

const LIST_COLUMNS = ['name', 'type', 'durable', 'auto_delete', 'exclusive', 'state', 'messages_ready', 'messages_unacknowledged', 'consumers'];

/** `queue list`: every queue in the vhost, through the management API, sorted by name. */
export async function queueList(run: Run, filter: string | undefined): Promise<QueueRow[]> {
  const api = await managementApi(run, 'mqcli queue list');
  const { connection: settings } = await run.settings();
  return (await listNamed<ApiQueue>(api, settings.vhost, 'queues', LIST_COLUMNS, filter)).map((queue) => ({
    name: queue.name,
    type: queue.type ?? 'classic',
    durable: queue.durable,
    autoDelete: queue.auto_delete,
    exclusive: queue.exclusive,
    state: queue.state ?? null,
    messagesReady: queue.messages_ready ?? null,
    messagesUnacknowledged: queue.messages_unacknowledged ?? null,
    consumers: queue.consumers ?? null,
  }));
}
