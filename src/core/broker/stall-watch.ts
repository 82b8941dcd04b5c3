/** Time for the watch: real in use, fake in tests. */
export interface WatchClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: WatchClock = {
  now: () => performance.now(),
  // Unref'd: a watch never keeps the process alive by itself.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Notices when work waits on the broker without anything moving: told whether work is
 * outstanding (confirms, deliveries) and when progress happens, it calls `onStall` once `afterMs`
 * have passed with work outstanding and no progress, then again every `afterMs` while that lasts.
 * Progress costs one clock read, so it may be called for every confirm; the one timer is re-armed
 * only when it fires.
 */
export class StallWatch {
  private outstanding = false;
  /** The last progress, or when work became outstanding after none was. */
  private since = 0;
  /** When onStall was last called in the current stall. */
  private reported: number | undefined;
  private timer: unknown;

  constructor(
    private readonly afterMs: number,
    private readonly onStall: (stalledMs: number) => void,
    private readonly clock: WatchClock = realClock,
  ) {}

  /** Whether work is waiting on the broker now; the watch runs only while it is. */
  busy(outstanding: boolean): void {
    if (outstanding === this.outstanding) return;
    this.outstanding = outstanding;
    if (!outstanding) {
      this.disarm();
      return;
    }
    this.since = this.clock.now();
    this.reported = undefined;
    this.arm(this.afterMs);
  }

  /** Something moved (a confirm, a delivery): the wait starts over. */
  progress(): void {
    this.since = this.clock.now();
    this.reported = undefined;
  }

  stop(): void {
    this.outstanding = false;
    this.disarm();
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.outstanding) return;
    const now = this.clock.now();
    const due = (this.reported ?? this.since) + this.afterMs;
    if (now < due) {
      this.arm(due - now);
      return;
    }
    this.reported = now;
    this.onStall(now - this.since);
    this.arm(this.afterMs);
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => this.fire(), ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
