/**
 * Why amqplib cannot write `value` as a plain header or argument number, if it cannot: it writes a
 * whole number as a signed 64-bit integer, and takes any number from 2^50 up for a whole one
 * (isFloatingPoint in its codec), so a fraction there throws mid-publish too.
 */
export function unencodableNumber(value: number): string | undefined {
  if (Number.isInteger(value) && (value >= 2 ** 63 || value < -(2 ** 63))) return 'is beyond a 64-bit integer';
  if (!Number.isInteger(value) && Math.abs(value) >= 2 ** 50) return 'has a fraction, and is too large for one (beyond ±2^50)';
  return undefined;
}
