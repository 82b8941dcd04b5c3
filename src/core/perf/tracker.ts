/** What the consumers saw of one producer's sequence. */
export interface SequenceCounts {
  received: number;
  /** Sequence numbers seen again. */
  duplicates: number;
  /** Messages that came after one with a higher number. */
  outOfOrder: number;
  /** Numbers below the highest seen that never came. */
  gaps: number;
  highest: number;
}

/**
 * Follows one producer's sequence numbers across every consumer of this process: all below `floor`
 * have come; `above` holds those that came past a hole. Memory stays small unless messages are
 * missing or far out of order.
 */
export class SequenceTracker {
  private floor: number;
  private readonly above = new Set<number>();
  private highest: number;
  private received = 0;
  private duplicates = 0;
  private outOfOrder = 0;

  /** `first`: the number expected first (0 for this run's producers; the first seen for another program's). */
  constructor(first = 0) {
    this.floor = first;
    this.highest = first - 1;
  }

  /** Records one delivery of `sequence`. */
  see(sequence: number): void {
    this.received++;
    if (this.has(sequence)) {
      this.duplicates++;
      return;
    }
    if (sequence < this.highest) this.outOfOrder++;
    else this.highest = sequence;
    if (sequence !== this.floor) {
      this.above.add(sequence);
      return;
    }
    this.floor++;
    while (this.above.delete(this.floor)) this.floor++;
  }

  /** Whether `sequence` has come at least once. */
  has(sequence: number): boolean {
    return sequence < this.floor || this.above.has(sequence);
  }

  /** Numbers from 0 up to (not including) `end` that have not come. */
  missingBelow(end: number): number[] {
    const missing: number[] = [];
    for (let sequence = this.floor; sequence < end; sequence++) if (!this.above.has(sequence)) missing.push(sequence);
    return missing;
  }

  counts(): SequenceCounts {
    const gaps = this.highest + 1 - this.floor - this.above.size;
    return { received: this.received, duplicates: this.duplicates, outOfOrder: this.outOfOrder, gaps, highest: this.highest };
  }
}

/**
 * One tracker per producer and queue: the consumers of a queue compete for its messages (one
 * sequence between them), while a message routed to two queues (--routing-key binding both) is
 * one copy in each, not a duplicate.
 */
export class Trackers {
  private readonly byProducer = new Map<string, Map<string, SequenceTracker>>();

  /** The tracker of `producer` in `queue`, made on first use to start at `first`. */
  of(producer: string, queue: string, first: number): SequenceTracker {
    let queues = this.byProducer.get(producer);
    if (queues === undefined) {
      queues = new Map();
      this.byProducer.set(producer, queues);
    }
    let tracker = queues.get(queue);
    if (tracker === undefined) {
      tracker = new SequenceTracker(first);
      queues.set(queue, tracker);
    }
    return tracker;
  }

  /** Every queue's tracker of `producer` (none when nothing of it came). */
  ofProducer(producer: string): SequenceTracker[] {
    return [...(this.byProducer.get(producer)?.values() ?? [])];
  }

  producers(): string[] {
    return [...this.byProducer.keys()];
  }
}

/** The counts of one producer over every queue it reached. */
export function sumCounts(trackers: readonly SequenceTracker[]): SequenceCounts {
  const sum: SequenceCounts = { received: 0, duplicates: 0, outOfOrder: 0, gaps: 0, highest: -1 };
  for (const tracker of trackers) {
    const counts = tracker.counts();
    sum.received += counts.received;
    sum.duplicates += counts.duplicates;
    sum.outOfOrder += counts.outOfOrder;
    sum.gaps += counts.gaps;
    sum.highest = Math.max(sum.highest, counts.highest);
  }
  return sum;
}
