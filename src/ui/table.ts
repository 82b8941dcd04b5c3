import { oneLine } from '../core/escape.js';
import type { Style } from './style.js';

export interface TableOptions {
  /** Aligned columns on a terminal; tab-separated values otherwise, for cut/awk. */
  tty: boolean;
  header?: readonly string[] | undefined;
  style?: Style | undefined;
}

/**
 * Formats rows as aligned text (terminal) or TSV (pipe), one line per row, ending in a newline.
 * Cells hold names from users and the broker: every control character in them (a tab, a newline,
 * ESC) is shown escaped, which keeps a terminal safe and a TSV row one row. Styles come after.
 */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions): string {
  const all = (options.header === undefined ? rows : [options.header, ...rows]).map((row) => row.map((cell) => oneLine(cell)));
  if (all.length === 0) return '';
  if (!options.tty) return all.map((row) => `${row.join('\t')}\n`).join('');
  const widths: number[] = [];
  for (const row of all) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  const lines = all.map((row, r) => {
    const line = row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
    return r === 0 && options.header !== undefined && options.style ? options.style.bold(line) : line;
  });
  return `${lines.join('\n')}\n`;
}

/** One line of text for people on stdout (`deleted queue 'x'`), its control characters escaped as a table's. */
export function formatLine(text: string): string {
  return `${oneLine(text)}\n`;
}

/** Writes one JSON document and a newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
