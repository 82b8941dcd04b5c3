// Made on first use: creating a NumberFormat costs some 20 ms of ICU set-up, and `mqcli --help`
// reaches this file without formatting a number.
let number: Intl.NumberFormat | undefined;

/** 1234567 → "1,234,567". */
export function formatCount(count: number): string {
  // Whole numbers, nearly all counts, are grouped by hand: it spares the ICU set-up at the end of
  // every command that prints a summary.
  if (Number.isSafeInteger(count)) return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
  number ??= new Intl.NumberFormat('en-US');
  return number.format(count);
}

/** "3 messages", "1 message". */
export function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** "850 ms" under a second, "4.2 s" above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** " (42,000 msg/s)", or nothing when a rate would mean little. */
export function formatRate(count: number, ms: number): string {
  return ms > 0 && count > 1 ? ` (${formatCount(Math.round((count * 1000) / ms))} msg/s)` : '';
}
