import { figuresOf, type LatencyRecorder } from './latency.js';
import type { Producer } from './producer.js';
import type { Second } from './result.js';

export interface TickerOptions {
  producers: readonly Producer[];
  received: () => number;
  latency: LatencyRecorder;
  confirmLatency: LatencyRecorder;
  /** performance.now() at the start. */
  started: number;
  onSecond: ((second: Second) => void) | undefined;
}

/** Once a second, the counts so far and the last second's latencies, for the live line, --csv and --hlog. */
export class Ticker {
  private readonly timer: NodeJS.Timeout;
  private last = { at: 0, published: 0, confirmed: 0, nacked: 0, returned: 0, received: 0 };

  constructor(private readonly options: TickerOptions) {
    this.last.at = options.started;
    this.timer = setInterval(() => this.tick(), 1000);
  }

  /** The last, partial second is reported too. */
  stop(): void {
    clearInterval(this.timer);
    if (performance.now() - this.last.at > 50) this.tick();
  }

  private tick(): void {
    const { options } = this;
    const now = performance.now();
    const sum = (pick: (producer: Producer) => number) => options.producers.reduce((total, producer) => total + pick(producer), 0);
    const counts = {
      published: sum((p) => p.counts.published),
      confirmed: sum((p) => p.counts.confirmed),
      nacked: sum((p) => p.counts.nacked),
      returned: sum((p) => p.counts.returned),
      received: options.received(),
    };
    const seconds = (now - this.last.at) / 1000;
    const rate = (key: keyof typeof counts) => (counts[key] - this.last[key]) / seconds;
    const latency = options.latency.interval();
    const confirm = options.confirmLatency.interval();
    const second: Second = {
      elapsed: Math.round((now - options.started) / 100) / 10,
      ...counts,
      rates: { published: rate('published'), confirmed: rate('confirmed'), nacked: rate('nacked'), returned: rate('returned'), received: rate('received') },
      inFlight: sum((p) => p.inFlight),
      latency: figuresOf(latency),
      confirmLatency: figuresOf(confirm),
      histograms: { latency, confirm },
    };
    this.last = { at: now, ...counts };
    options.onSecond?.(second);
  }
}
