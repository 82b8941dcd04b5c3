import { formatJson, formatTable } from '../../ui/table.js';
import type { DeclaredQueue, QueueState } from './declare.js';

/** A queue's settings and counts: one JSON object, or one `name value` row per field. */
export function renderQueue(queue: DeclaredQueue | QueueState, options: { json: boolean; tty: boolean }): string {
  if (options.json) return formatJson(queue);
  const rows: string[][] = [['queue', queue.queue]];
  if ('type' in queue) {
    rows.push(
      ['type', queue.type],
      ['durable', String(queue.durable)],
      ['exclusive', String(queue.exclusive)],
      ['auto-delete', String(queue.autoDelete)],
      ['arguments', formatArguments(queue.arguments)],
    );
  }
  rows.push(['messages', String(queue.messages)], ['consumers', String(queue.consumers)]);
  return formatTable(rows, { tty: options.tty });
}

function formatArguments(args: Record<string, unknown>): string {
  const entries = Object.entries(args).filter(([key]) => key !== 'x-queue-type');
  return entries.length === 0 ? '(none)' : entries.map(([key, value]) => `${key}=${String(value)}`).join(', ');
}
