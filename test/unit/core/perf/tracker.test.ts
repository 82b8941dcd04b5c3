import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequenceTracker, sumCounts, Trackers } from '../../../../src/core/perf/tracker.js';

function track(sequences: number[], first = 0) {
  const tracker = new SequenceTracker(first);
  for (const sequence of sequences) tracker.see(sequence);
  return tracker;
}

describe('SequenceTracker', () => {
  it.each([
    ['in order', [0, 1, 2, 3], { received: 4, gaps: 0, duplicates: 0, outOfOrder: 0, highest: 3 }],
    ['one missing', [0, 1, 3, 4], { received: 4, gaps: 1, duplicates: 0, outOfOrder: 0, highest: 4 }],
    ['two missing at the start', [2, 3], { received: 2, gaps: 2, duplicates: 0, outOfOrder: 0, highest: 3 }],
    ['a duplicate', [0, 1, 1, 2], { received: 4, gaps: 0, duplicates: 1, outOfOrder: 0, highest: 2 }],
    ['a duplicate of one past a hole', [0, 2, 2], { received: 3, gaps: 1, duplicates: 1, outOfOrder: 0, highest: 2 }],
    ['late, filling a hole', [0, 2, 1, 3], { received: 4, gaps: 0, duplicates: 0, outOfOrder: 1, highest: 3 }],
    ['reversed', [3, 2, 1, 0], { received: 4, gaps: 0, duplicates: 0, outOfOrder: 3, highest: 3 }],
    ['nothing', [], { received: 0, gaps: 0, duplicates: 0, outOfOrder: 0, highest: -1 }],
  ])('%s', (_, sequences, counts) => {
    expect(track(sequences).counts()).toEqual(counts);
  });

  it("follows another program's producer from the first number seen", () => {
    expect(track([500, 501, 503], 500).counts()).toEqual({ received: 3, gaps: 1, duplicates: 0, outOfOrder: 0, highest: 503 });
  });

  it('names what is missing below a bound, tail included', () => {
    const tracker = track([0, 2, 3, 6]);
    expect(tracker.missingBelow(8)).toEqual([1, 4, 5, 7]);
    expect(tracker.has(3)).toBe(true);
    expect(tracker.has(4)).toBe(false);
  });

  it('counts, for any delivery order with losses and repeats, what a set would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 120 }), (sequences) => {
        const counts = track(sequences).counts();
        const distinct = new Set(sequences);
        const highest = sequences.length === 0 ? -1 : Math.max(...sequences);
        expect(counts.received).toBe(sequences.length);
        expect(counts.duplicates).toBe(sequences.length - distinct.size);
        expect(counts.gaps).toBe(highest + 1 - distinct.size);
        expect(counts.highest).toBe(highest);
      }),
    );
  });
});

describe('Trackers', () => {
  it('keeps one sequence per producer and queue: a copy in a second queue is no duplicate', () => {
    const trackers = new Trackers();
    for (const queue of ['a', 'b']) for (const sequence of [0, 1, 2]) trackers.of('p1', queue, 0).see(sequence);
    trackers.of('p1', 'a', 0).see(2);
    trackers.of('p2', 'a', 7).see(9);
    expect(sumCounts(trackers.ofProducer('p1'))).toEqual({ received: 7, duplicates: 1, outOfOrder: 0, gaps: 0, highest: 2 });
    expect(sumCounts(trackers.ofProducer('p2'))).toEqual({ received: 1, duplicates: 0, outOfOrder: 0, gaps: 2, highest: 9 });
    expect(trackers.producers()).toEqual(['p1', 'p2']);
    expect(trackers.ofProducer('nobody')).toEqual([]);
  });
});
