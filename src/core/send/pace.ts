import { setTimeout as sleep } from 'node:timers/promises';
import { formatCount } from '../../ui/format.js';
import type { MessageSource } from './sources.js';

/** Time for the pacer: real in use, fake in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => {}),
};

/**
 * How far behind schedule the pacer may run before it forgets the debt: a stall (a blocked
 * broker, a slow stdin) is followed by at most this much of a catch-up burst, never more, and
 * a timer that fires a little late costs no rate.
 */
const SLACK_MS = 100;

/**
 * `send --rate`: one message every 1/rate seconds, on a schedule rather than in bursts of a
 * second's worth (a token bucket that holds one token, plus SLACK_MS of timer slack).
 */
export class Pacer {
  private readonly interval: number;
  private next: number | undefined;

  constructor(
    readonly rate: number,
    private readonly clock: Clock = realClock,
  ) {
    this.interval = 1000 / rate;
  }

  /** Milliseconds until the next message is due; 0 when it is due now. */
  delay(): number {
    return this.next === undefined ? 0 : Math.max(0, this.next - this.clock.now());
  }

  /** Takes the slot of one message; call when it is due. */
  take(): void {
    const now = this.clock.now();
    this.next = (this.next === undefined ? now : Math.max(this.next, now - SLACK_MS)) + this.interval;
  }

  /** Resolves when the next message is due, or `signal` aborts. */
  async ready(signal: AbortSignal): Promise<void> {
    const delay = this.delay();
    // Timers cannot wait less than a millisecond: at high rates, messages due within one go together.
    if (delay >= 1) await this.clock.sleep(delay, signal);
  }

  /** Whether the next message is due within the timer's resolution. */
  get due(): boolean {
    return this.delay() < 1;
  }
}

/** `source` at the pacer's rate: batches are cut into the messages due at each moment. */
export async function* pacedSource(source: MessageSource, pacer: Pacer, signal: AbortSignal): MessageSource {
  for await (const batch of source) {
    let at = 0;
    while (at < batch.length) {
      await pacer.ready(signal);
      if (signal.aborted) return;
      const from = at;
      do {
        pacer.take();
        at++;
      } while (at < batch.length && pacer.due);
      yield batch.slice(from, at);
    }
  }
}

/** The rate achieved over the last few seconds, from counts sampled as the progress line refreshes. */
export class RateMeter {
  private readonly samples: { at: number; count: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  /** Records `count` at `at` (ms); returns messages per second over the window, once it spans half a second. */
  sample(count: number, at: number): number | undefined {
    this.samples.push({ at, count });
    while (this.samples.length > 2 && at - (this.samples[1] as { at: number }).at >= this.windowMs) this.samples.shift();
    const first = this.samples[0] as { at: number; count: number };
    return at - first.at >= 500 ? ((count - first.count) * 1000) / (at - first.at) : undefined;
  }
}

/** A rate for the progress line: whole and grouped from 100/s, one decimal below. */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? formatCount(Math.round(perSecond)) : perSecond.toFixed(1);
}
