import { describe, expect, it } from 'vitest';
import { StallWatch, type WatchClock } from '../../../../src/core/broker/stall-watch.js';

/** A clock whose time moves only by advance(), firing the timers that fall due on the way. */
function fakeClock(): WatchClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

function watch(afterMs = 10_000) {
  const clock = fakeClock();
  const calls: number[] = [];
  const stalls: number[] = [];
  const w = new StallWatch(
    afterMs,
    (stalledMs) => {
      calls.push(clock.now());
      stalls.push(stalledMs);
    },
    clock,
  );
  return { clock, calls, stalls, w };
}

describe('StallWatch', () => {
  it('calls back after the threshold without progress, then every threshold', () => {
    const { clock, calls, stalls, w } = watch();
    w.busy(true);
    clock.advance(9_999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([10_000]);
    clock.advance(25_000);
    expect(calls).toEqual([10_000, 20_000, 30_000]);
    expect(stalls).toEqual([10_000, 20_000, 30_000]);
  });

  it('says nothing while progress keeps coming, however long the work lasts', () => {
    const { clock, calls, w } = watch();
    w.busy(true);
    for (let i = 0; i < 100; i++) {
      clock.advance(9_000);
      w.progress();
    }
    expect(calls).toEqual([]);
  });

  it('counts from the last progress', () => {
    const { clock, calls, stalls, w } = watch();
    w.busy(true);
    clock.advance(7_000);
    w.progress();
    clock.advance(9_999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([17_000]);
    expect(stalls).toEqual([10_000]);
  });

  it('starts over after progress in a stall: the next call is a full threshold later', () => {
    const { clock, calls, w } = watch();
    w.busy(true);
    clock.advance(12_000);
    w.progress();
    clock.advance(9_000);
    expect(calls).toEqual([10_000]);
    clock.advance(1_000);
    expect(calls).toEqual([10_000, 22_000]);
  });

  it('is quiet while nothing is outstanding, and counts from when work is outstanding again', () => {
    const { clock, calls, w } = watch();
    w.busy(true);
    clock.advance(5_000);
    w.busy(false);
    clock.advance(60_000);
    expect(calls).toEqual([]);
    w.busy(true);
    clock.advance(9_999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([75_000]);
  });

  it('keeps no timer once stopped or idle', () => {
    const { clock, calls, w } = watch();
    w.busy(true);
    w.busy(true);
    expect(clock.pending()).toBe(1);
    w.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(30_000);
    expect(calls).toEqual([]);
    w.busy(true);
    w.busy(false);
    expect(clock.pending()).toBe(0);
  });
});
