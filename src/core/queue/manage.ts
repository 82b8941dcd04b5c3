import type { Run } from '../context.js';
import { withConnection } from '../broker/session.js';
import { RuntimeError } from '../errors.js';
import { segment } from '../management/client.js';
import { listNamed } from '../management/list.js';
import { ApiMismatchError, clusterOf, managementApi, verifiedApi } from '../management/verify.js';
import { confirm } from '../../ui/confirm.js';
import { plural } from '../../ui/format.js';
import { renderRecord } from '../../ui/record.js';
import { formatJson, formatTable } from '../../ui/table.js';
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

const render = (run: Run, json: boolean) => ({ json, tty: run.stdout.isTTY === true });

/** `queue info`: counts over AMQP (always exact), type, durability and arguments from the management API when it answers. */
export async function queueInfo(run: Run, name: string, json: boolean): Promise<string> {
  const resolved = await run.settings();
  const { connection: settings } = resolved;
  const { state, cluster } = await withConnection(settings, { name: 'mqcli queue info' }, async (broker) => ({ state: await checkQueue(broker, name), cluster: clusterOf(broker) }));
  let details: ApiQueue | undefined;
  try {
    const api = await verifiedApi(run, resolved, cluster);
    details = await api.get<ApiQueue>(`/api/queues/${segment(settings.vhost)}/${segment(name)}`);
  } catch (error) {
    // Another broker's answer would mix its settings with these counts: that is no note, it is wrong.
    if (error instanceof ApiMismatchError) throw error;
    run.log.info(`(type, durability and arguments need the management API: ${(error as Error).message})`);
  }
  const record = {
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
  return renderRecord(record, render(run, json));
}

/** `queue list`: every queue in the vhost, through the management API. */
export async function queueList(run: Run, filter: string | undefined, json: boolean): Promise<string> {
  const api = await managementApi(run, 'mqcli queue list');
  const { connection: settings } = await run.settings();
  const columns = ['name', 'type', 'durable', 'auto_delete', 'exclusive', 'state', 'messages_ready', 'messages_unacknowledged', 'consumers'];
  const rows = (await listNamed<ApiQueue>(api, settings.vhost, 'queues', columns, filter))
    .map((queue) => ({
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
  if (json) return formatJson(rows);
  const cell = (value: number | string | null) => (value === null ? '-' : String(value));
  return formatTable(
    rows.map((queue) => [queue.name, queue.type, cell(queue.messagesReady), cell(queue.messagesUnacknowledged), cell(queue.consumers), cell(queue.state)]),
    { tty: run.stdout.isTTY === true, header: ['name', 'type', 'ready', 'unacked', 'consumers', 'state'], style: run.stdoutStyle },
  );
}

/** `queue purge`: removes the ready messages, after asking on a terminal when there are any. */
export async function queuePurge(run: Run, name: string, options: { yes: boolean; json: boolean }): Promise<string> {
  const { connection: settings } = await run.settings();
  return withConnection(settings, { name: 'mqcli queue purge' }, async (broker) => {
    const state = await checkQueue(broker, name);
    if (state.messages > 0 && !options.yes) await ask(run, `Purge ${plural(state.messages, 'message')} from queue '${name}'?`, 'nothing was purged');
    const { messageCount } = await (await broker.channel()).purgeQueue(name);
    if (options.json) return formatJson({ queue: name, purged: messageCount });
    return `purged ${plural(messageCount, 'message')} from queue '${name}'\n`;
  });
}

/** `queue delete`: deletes the queue (guarded by --if-empty / --if-unused), asking first on a terminal when it holds messages. */
export async function queueDelete(run: Run, name: string, options: { ifEmpty: boolean; ifUnused: boolean; yes: boolean; json: boolean }): Promise<string> {
  const { connection: settings } = await run.settings();
  return withConnection(settings, { name: 'mqcli queue delete' }, async (broker) => {
    const state = await checkQueue(broker, name);
    if (state.messages > 0 && !options.yes && !options.ifEmpty) {
      await ask(run, `Delete queue '${name}' and its ${plural(state.messages, 'message')}?`, 'nothing was deleted');
    }
    const { messageCount } = await (await broker.channel()).deleteQueue(name, { ifEmpty: options.ifEmpty, ifUnused: options.ifUnused });
    if (options.json) return formatJson({ queue: name, deleted: true, messages: messageCount });
    return `deleted queue '${name}' (${plural(messageCount, 'message')} went with it)\n`;
  });
}

async function ask(run: Run, question: string, declined: string): Promise<void> {
  if (!(await confirm(question, run))) throw new RuntimeError(`not confirmed: ${declined}`, { hint: 'Pass --yes to skip the question' });
}
