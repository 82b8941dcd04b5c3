import type { Run } from '../core/context.js';
import { kebab } from '../core/option-names.js';
import type { Style } from '../ui/style.js';
import { formatJson, formatTable } from '../ui/table.js';

/** How a result is shown: JSON, or rows aligned on a terminal and tab-separated in a pipe. */
export interface RenderOptions {
  json: boolean;
  tty: boolean;
  /** For table headers; plain when stdout is not a terminal. */
  style?: Style | undefined;
}

/** The render options for this command's stdout. */
export function renderOptions(run: Run, json: boolean | undefined): RenderOptions {
  return { json: json === true, tty: run.stdout.isTTY === true, style: run.stdoutStyle };
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
function display(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? '(none)'
      : entries.map(([key, item]) => `${key}=${typeof item === 'object' ? JSON.stringify(item) : String(item)}`).join(', ');
  }
  return String(value);
}
