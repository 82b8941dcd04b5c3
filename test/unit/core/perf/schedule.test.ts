import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateSchedule } from '../../../../src/core/perf/schedule.js';

const start = 1_000_000_000_000n;

describe('RateSchedule (open loop)', () => {
  it('spaces messages evenly from the start: at 500/s one every 2 ms', () => {
    const schedule = new RateSchedule(500, start);
    expect([0, 1, 2, 500].map((i) => schedule.dueAt(i) - start)).toEqual([0n, 2_000_000n, 4_000_000n, 1_000_000_000n]);
  });

  it.each([
    [-1n, 0],
    [0n, 1],
    [1_999_999n, 1],
    [2_000_000n, 2],
    // A producer stalled for a second owes the 500 messages due meanwhile: the schedule does not slide.
    [1_000_000_000n, 501],
  ])('at start%+d ns, %i messages are due', (offset, due) => {
    expect(new RateSchedule(500, start).dueBy(start + offset)).toBe(due);
  });

  it('waits until the next due time, never a negative time', () => {
    const schedule = new RateSchedule(100, start);
    expect(schedule.waitMs(1, start)).toBe(10);
    expect(schedule.waitMs(1, start + 4_000_000n)).toBe(6);
    expect(schedule.waitMs(1, start + 50_000_000n)).toBe(0);
  });

  it('keeps fractions of a message per second (0.5/s: one every 2 s)', () => {
    expect(new RateSchedule(0.5, start).dueAt(3) - start).toBe(6_000_000_000n);
  });

  it('has message i due once dueBy passes i, for any rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 100_000, noNaN: true }), fc.integer({ min: 0, max: 100_000 }), (rate, index) => {
        const schedule = new RateSchedule(rate, start);
        expect(schedule.dueBy(schedule.dueAt(index) + 1n)).toBeGreaterThan(index);
        expect(schedule.waitMs(index, schedule.dueAt(index))).toBe(0);
      }),
    );
  });
});
