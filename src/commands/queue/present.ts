import type { Run } from '../../core/context.js';
import type { DeclaredQueue, QueueState } from '../../core/queue/declare.js';
import type { QueueInfo, QueueRow } from '../../core/queue/inspect.js';
import type { Approve, DeleteResult, PurgeResult } from '../../core/queue/manage.js';
import { plural } from '../../ui/format.js';
import { formatJson, formatLine, formatTable } from '../../ui/table.js';
import { renderRecord, type RenderOptions } from '../record.js';

/** A queue's settings and counts; x-queue-type shows as the type, not again among the arguments. */
export function renderQueue(queue: DeclaredQueue | QueueState, options: RenderOptions): string {
  if (options.json || !('arguments' in queue)) return renderRecord({ ...queue }, options);
  const { 'x-queue-type': _type, ...args } = queue.arguments;
  return renderRecord({ ...queue, arguments: args }, options);
}

/** `queue info`: what the management API did not give is left out, in JSON and in the table. */
export function renderQueueInfo(info: QueueInfo, options: RenderOptions): string {
  return renderRecord({ ...info }, options);
}

/** `queue list`: a JSON array, or a table with `-` where the management API has no figure yet. */
export function renderQueueList(rows: readonly QueueRow[], options: RenderOptions): string {
  if (options.json) return formatJson(rows);
  const cell = (value: number | string | null) => (value === null ? '-' : String(value));
  return formatTable(
    // Names come from the broker: formatTable shows their control characters escaped.
    rows.map((queue) => [queue.name, queue.type, cell(queue.messagesReady), cell(queue.messagesUnacknowledged), cell(queue.consumers), cell(queue.state)]),
    { tty: options.tty, header: ['name', 'type', 'ready', 'unacked', 'consumers', 'state'], style: options.style },
  );
}

export function renderPurged(result: PurgeResult, options: RenderOptions): string {
  if (options.json) return formatJson({ queue: result.queue, purged: result.purged });
  return formatLine(`purged ${plural(result.purged, 'message')} from queue '${result.queue}'`);
}

export function renderDeleted(result: DeleteResult, options: RenderOptions): string {
  if (options.json) return formatJson({ queue: result.queue, deleted: true, messages: result.messages });
  return formatLine(`deleted queue '${result.queue}' (${plural(result.messages, 'message')} went with it)`);
}

/** Asks `question` (on a terminal only) before a queue loses messages; nothing is asked with --yes. */
export function approval(run: Run, yes: boolean | undefined, question: (state: QueueState) => string): Approve | undefined {
  if (yes === true) return undefined;
  return async (state) => {
    const { confirm } = await import('../../ui/confirm.js');
    return confirm(question(state), run);
  };
}
