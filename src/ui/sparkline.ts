const BARS = '▁▂▃▄▅▆▇█';

/**
 * Values as a line of bars, scaled from 0 to the largest (so an empty queue is the lowest bar and
 * a steady one a flat line); a blank where there is no value yet.
 */
export function sparkline(values: readonly (number | undefined)[]): string {
  const max = Math.max(0, ...values.map((value) => value ?? 0));
  return values
    .map((value) => {
      if (value === undefined) return ' ';
      if (max === 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.floor((value / max) * (BARS.length - 1) + 0.5))];
    })
    .join('');
}
