import { kebab } from '../core/names.js';
import { formatJson, formatTable } from './table.js';

export interface RenderOptions {
  json: boolean;
  tty: boolean;
}

/** One object: JSON as it is, or one `name value` row per field (camelCase shown as kebab-case). */
export function renderRecord(record: Record<string, unknown>, options: RenderOptions): string {
  if (options.json) return formatJson(record);
  const rows = Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [kebab(key), display(value)]);
  return formatTable(rows, options);
}

/** A value in a table cell: `(none)` for an empty table, `key=value, …` for a table. */
export function display(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '(none)' : entries.map(([key, item]) => `${key}=${typeof item === 'object' ? JSON.stringify(item) : String(item)}`).join(', ');
  }
  return String(value);
}
