import { describe, expect, it } from 'vitest';
import { positiveNumber } from '../../../../src/commands/parsers.js';
import { type Clock, Pacer, pacedSource } from '../../../../src/core/send/pace.js';
import type { MessageSource, OutgoingMessage } from '../../../../src/core/send/sources.js';

/** A clock whose sleep() moves time on by what was asked, plus `late` ms (timers fire late). */
function fakeClock(late = 0): Clock & { time: number; sleeps: number[] } {
  const clock = {
    time: 1000,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms + late;
    },
  };
  return clock;
}

const messages = (count: number): OutgoingMessage[] => Array.from({ length: count }, (_, index) => ({ body: Buffer.from(String(index)) }));
async function* batches(...sizes: number[]): MessageSource {
  for (const size of sizes) yield messages(size);
}

/** Runs a paced source to the end; the fake time at which each message went out. */
async function sendTimes(source: MessageSource, pacer: Pacer, clock: { time: number }, work?: (index: number) => void): Promise<number[]> {
  const times: number[] = [];
  for await (const batch of pacedSource(source, pacer, new AbortController().signal)) {
    for (const _ of batch) {
      times.push(clock.time);
      work?.(times.length);
    }
  }
  return times;
}

describe('send --rate pacing', () => {
  it.each([
    [25, 40],
    [1, 1000],
    [0.5, 2000],
    [400, 2.5],
  ])('at %s/s spaces messages %s ms apart, from the first at once', async (rate, gap) => {
    const clock = fakeClock();
    const times = await sendTimes(batches(1000), new Pacer(rate, clock), clock);
    expect(times).toHaveLength(1000);
    expect(times[0]).toBe(1000);
    // Messages go together only within a timer's millisecond; over any stretch, the rate holds.
    for (let index = 10; index < times.length; index += 10) {
      expect((times[index] as number) - 1000).toBeGreaterThanOrEqual(index * gap - 1);
      expect((times[index] as number) - 1000).toBeLessThanOrEqual(index * gap + 1);
    }
  });

  it('never bursts: each sleep waits for one message slot at low rates', async () => {
    const clock = fakeClock();
    await sendTimes(batches(3, 2, 5), new Pacer(10, clock), clock);
    expect(clock.sleeps).toEqual(Array(9).fill(100));
  });

  it('timers that fire late cost no rate: the schedule, not the last wake-up, decides', async () => {
    const clock = fakeClock(3);
    const times = await sendTimes(batches(100), new Pacer(50, clock), clock);
    // 99 gaps of 20 ms; each sleep is 3 ms late, absorbed by the next shorter sleep.
    expect((times[99] as number) - 1000).toBeLessThanOrEqual(99 * 20 + 3);
  });

  it('after a stall, catches up by at most 100 ms worth of messages, not the whole debt', async () => {
    const clock = fakeClock();
    const times = await sendTimes(batches(60), new Pacer(1000, clock), clock, (sent) => {
      if (sent === 10) clock.time += 5000; // the broker blocked publishers for 5 s
    });
    const afterStall = times.filter((time) => time === times[10]).length;
    expect(afterStall).toBeGreaterThan(1);
    expect(afterStall).toBeLessThanOrEqual(101);
  });

  it('stops when the signal aborts', async () => {
    const clock = fakeClock();
    const stop = new AbortController();
    const pacer = new Pacer(10, clock);
    let sent = 0;
    for await (const batch of pacedSource(batches(100), pacer, stop.signal)) {
      sent += batch.length;
      if (sent === 5) stop.abort();
    }
    expect(sent).toBe(5);
  });
});

describe('--rate values', () => {
  const parse = positiveNumber(1_000_000);
  it.each([
    ['25', 25],
    ['0.5', 0.5],
    ['.25', 0.25],
    ['1e3', 1000],
    ['1000000', 1_000_000],
  ])('%s → %s', (text, value) => expect(parse(text)).toBe(value));
  it.each(['0', '-1', '', 'abc', '1e7', 'Infinity', 'NaN', '5/s', '0x10'])('refuses %j', (text) => {
    expect(() => parse(text)).toThrow('Expected a number above 0, up to 1000000.');
  });
});
