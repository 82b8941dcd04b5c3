/** How far back the depth history goes. */
export const HISTORY_MS = 60_000;

/**
 * Each queue's depth over the last minute, for the sparkline of `queue list --watch`. Samples
 * older than a minute are forgotten, and so are queues not seen for that long.
 */
export class DepthHistory {
  private readonly samples = new Map<string, { at: number; depth: number }[]>();

  /** Adds the depths of one refresh taken at `at` (ms). */
  record(at: number, depths: readonly { name: string; messages: number | null }[]): void {
    for (const { name, messages } of depths) {
      if (messages === null) continue;
      const list = this.samples.get(name) ?? [];
      list.push({ at, depth: messages });
      this.samples.set(name, list);
    }
    for (const [name, list] of this.samples) {
      const kept = list.filter((sample) => sample.at > at - HISTORY_MS);
      if (kept.length === 0) this.samples.delete(name);
      else this.samples.set(name, kept);
    }
  }

  /**
   * The last minute before `now` in `buckets` equal slices, oldest first: the last depth seen in
   * each slice, carried forward over slices with none; undefined before the first sample.
   */
  series(name: string, now: number, buckets: number): (number | undefined)[] {
    const list = this.samples.get(name) ?? [];
    const width = HISTORY_MS / buckets;
    const out: (number | undefined)[] = [];
    let last: number | undefined;
    let next = 0;
    for (let bucket = 0; bucket < buckets; bucket++) {
      const end = now - HISTORY_MS + (bucket + 1) * width;
      for (let sample = list[next]; sample !== undefined && sample.at <= end; sample = list[++next]) last = sample.depth;
      out.push(last);
    }
    return out;
  }
}
