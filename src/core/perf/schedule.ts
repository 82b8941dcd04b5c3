/**
 * When each message of an open-loop producer is due: message i at start + i / rate, whatever
 * happened to the ones before it. A producer that fell behind (a stalled broker, a full confirm
 * window) sends what is due at once, and each message's latency counts from its due time, so a
 * stall shows in every message it delayed (the correction for coordinated omission).
 */
export class RateSchedule {
  private readonly intervalNanos: number;

  constructor(
    /** Messages per second. */
    readonly rate: number,
    /** When message 0 is due, in nanoseconds of the clock the caller uses. */
    readonly startNanos: bigint,
  ) {
    this.intervalNanos = 1e9 / rate;
  }

  /** When message `index` is due. */
  dueAt(index: number): bigint {
    return this.startNanos + BigInt(Math.round(index * this.intervalNanos));
  }

  /** How many messages are due by `nowNanos` (those numbered below the result). */
  dueBy(nowNanos: bigint): number {
    if (nowNanos < this.startNanos) return 0;
    return Math.floor(Number(nowNanos - this.startNanos) / this.intervalNanos) + 1;
  }

  /** Milliseconds from `nowNanos` until message `index` is due (0 when it already is). */
  waitMs(index: number, nowNanos: bigint): number {
    const wait = Number(this.dueAt(index) - nowNanos) / 1e6;
    return Math.max(wait, 0);
  }
}
