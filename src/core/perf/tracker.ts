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
