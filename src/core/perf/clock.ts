/**
 * PerfTest's two clocks. By default System.nanoTime, which on Linux is CLOCK_MONOTONIC, the clock
 * process.hrtime reads too (and Python's time.monotonic_ns): programs on one host agree on it.
 * With --use-millis the wall clock in milliseconds, which hosts agree on as well as NTP makes them.
 */
export interface Clock {
  /** Now, in the clock's own unit, as written into a body. */
  now(): bigint;
  /** Nanoseconds per unit of `now()`. */
  readonly nanosPerUnit: bigint;
  readonly name: 'nanos' | 'millis';
}

export const NANO_CLOCK: Clock = { now: () => process.hrtime.bigint(), nanosPerUnit: 1n, name: 'nanos' };
export const MILLI_CLOCK: Clock = { now: () => BigInt(Date.now()), nanosPerUnit: 1_000_000n, name: 'millis' };

/** Microseconds from `then` to `now` (both in the clock's unit); 0 when `then` is later (clocks of two hosts). */
export function microsSince(clock: Clock, then: bigint, now: bigint = clock.now()): number {
  const nanos = (now - then) * clock.nanosPerUnit;
  return nanos <= 0n ? 0 : Number(nanos / 1000n);
}
