import type { Change } from '../core/ops/plan.js';
import { formatJson, formatLine } from '../ui/table.js';

const SIGN = { create: '+', change: '~', delete: '-' } as const;
const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** Terraform-like lines: `+ queue 'jobs'`, `~ queue 'work': arguments.x-max-length 100 -> 200 (replaced)`, `- policy 'ttl'`. */
export function planLines(changes: readonly Change[]): string {
  return changes
    .map((change) => {
      // A binding's name quotes its own parts.
      const head = `${SIGN[change.action]} ${change.kind} ${change.kind === 'binding' ? change.name : `'${change.name}'`}`;
      if (change.action !== 'change') return formatLine(head);
      const diffs = change.diffs.map((d) => `${d.field} ${show(d.from)} -> ${show(d.to)}`).join(', ');
      return formatLine(`${head}: ${diffs}${change.replace ? ' (replaced: RabbitMQ cannot change it in place)' : ''}`);
    })
    .join('');
}

/** The plan as one JSON object: the changes (without the whole objects) and the counts. */
export function planJson(changes: readonly Change[], counts: { create: number; change: number; delete: number }): string {
  return formatJson({
    changes: changes.map((c) => ({ action: c.action, kind: c.kind, name: c.name, ...(c.action === 'change' ? { diffs: c.diffs, replace: c.replace } : {}) })),
    ...counts,
  });
}

/** `3 to create, 1 to change, 0 to delete`. */
export const countsLine = (counts: { create: number; change: number; delete: number }) =>
  `${counts.create} to create, ${counts.change} to change, ${counts.delete} to delete`;
