import type { Command } from 'commander';
import { formatJson, formatTable } from '../ui/table.js';
import type { RenderOptions } from './record.js';

/** The options every listing takes, as `queue list` does. */
export interface ListOptions {
  filter?: string;
  json?: boolean;
}

/** One column of a listing's table: its header and how a row shows in it. */
export type Column<T> = readonly [header: string, cell: (row: T) => string];

/** Adds --filter (a glob over `what`) and --json to a listing command. */
export function listingOptions(command: Command, what: string): Command {
  return command.option('--filter <glob>', `only ${what} matching this pattern (* and ?)`).option('--json', 'print a JSON array');
}

/** A JSON array of the rows as they are, or a table: aligned on a terminal, tab-separated in a pipe, names escaped. */
export function renderRows<T>(rows: readonly T[], columns: readonly Column<T>[], options: RenderOptions): string {
  if (options.json) return formatJson(rows);
  return formatTable(
    rows.map((row) => columns.map(([, cell]) => cell(row))),
    { tty: options.tty, header: columns.map(([header]) => header), style: options.style },
  );
}

/** A cell: `-` where the API has no figure yet, yes/no for flags, a list joined by commas. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(',');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '-' : entries.map(([key, item]) => `${key}=${typeof item === 'object' ? JSON.stringify(item) : String(item)}`).join(', ');
  }
  return String(value);
}

/** Milliseconds as `3d 4h`, `5h 6m`, `7m 8s` or `9s`. */
export function uptime(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.floor(ms / 1000);
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
}
