// The results table, as aligned text for the terminal and as Markdown for RESULTS.md.

export const COLUMNS = ['figure', 'mqcli', 'baseline', 'ratio', 'target', 'result'];

const cells = (row) => COLUMNS.map((column) => String(row[column] ?? ''));

export function textTable(rows) {
  const all = [COLUMNS, ...rows.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r) =>
    r
      .map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length))
      .join(' | ')
      .trimEnd();
  return [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map((row) => line(cells(row)))].join('\n');
}

export function markdownTable(rows) {
  const quoted = (cell) => cell.replaceAll('|', '\\|');
  const line = (r) => `| ${r.map(quoted).join(' | ')} |`;
  return [line(COLUMNS), `|${COLUMNS.map(() => '---').join('|')}|`, ...rows.map((row) => line(cells(row)))].join('\n');
}
