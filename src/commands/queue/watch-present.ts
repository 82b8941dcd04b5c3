import { oneLine } from '../../core/escape.js';
import type { DepthHistory } from '../../core/queue/depth-history.js';
import type { WatchFrame, WatchRow } from '../../core/queue/watch.js';
import { sparkline } from '../../ui/sparkline.js';
import type { Style } from '../../ui/style.js';
import { formatTable } from '../../ui/table.js';

/** Characters in the sparkline: each one is three seconds of the last minute. */
export const SPARK_WIDTH = 20;

const HEADER = ['name', 'ready', 'unacked', 'consumers', 'publish/s', 'deliver/s'];

const count = (value: number | null) => (value === null ? '-' : String(value));
/** A rate with one decimal, whole numbers from 100 up. */
export const rate = (value: number) => (value >= 100 ? String(Math.round(value)) : value.toFixed(1));

// Names come from the broker: shown with their control characters escaped.
const cells = (row: WatchRow) => [oneLine(row.name), count(row.ready), count(row.unacked), count(row.consumers), rate(row.publishRate), rate(row.deliverRate)];

/** In a pipe: one tab-separated table per refresh, its header first, a blank line after. */
export function renderWatchTable(frame: WatchFrame): string {
  return `${formatTable(frame.rows.map(cells), { tty: false, header: HEADER })}\n`;
}

/** With --json in a pipe: one line per refresh. */
export function renderWatchJson(frame: WatchFrame): string {
  return `${JSON.stringify({ at: new Date(frame.at).toISOString(), queues: frame.rows })}\n`;
}

export interface LiveOptions {
  vhost: string;
  intervalSeconds: number;
  filter: string | undefined;
  columns: number;
  rows: number;
  style: Style;
}

/** On a terminal: a status line, then the table with each queue's depth over the last minute, fitted to the screen. */
export function renderWatchScreen(frame: WatchFrame, history: DepthHistory, options: LiveOptions): string[] {
  const time = new Date(frame.at).toTimeString().slice(0, 8);
  const which = options.filter === undefined ? '' : ` matching '${oneLine(options.filter)}'`;
  const status = `queues${which} in vhost '${oneLine(options.vhost)}' · every ${options.intervalSeconds} s · ${time} · q to quit`;
  const cut = (line: string) => (line.length > options.columns ? `${line.slice(0, options.columns - 1)}…` : line);
  const lines = [cut(status)];
  if (frame.problem !== undefined) lines.push(options.style.yellow(cut(`the last refresh failed: ${oneLine(frame.problem)}`)));
  lines.push('');
  if (frame.rows.length === 0) return [...lines, `no queues${which}`];
  // Room for the rows the screen holds, and a line to say how many did not fit.
  const room = options.rows - lines.length - 1;
  const shown = frame.rows.length > room ? frame.rows.slice(0, Math.max(0, room - 1)) : frame.rows;
  const rows = shown.map((row) => [...cells(row), sparkline(history.series(row.name, frame.at, SPARK_WIDTH))]);
  const table = formatTable(rows, { tty: true, header: [...HEADER, 'depth, last minute'] })
    .trimEnd()
    .split('\n')
    .map(cut);
  lines.push(options.style.bold(table[0] ?? ''), ...table.slice(1));
  if (shown.length < frame.rows.length) lines.push(cut(`… and ${frame.rows.length - shown.length} more (narrow them with --filter)`));
  return lines;
}
