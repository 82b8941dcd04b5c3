import type { Histogram } from 'hdr-histogram-js';
import type { StopReason } from '../signals.js';
import type { LatencyFigures } from './latency.js';
import type { ProducerCounts } from './producer.js';
import type { SequenceCounts } from './tracker.js';

/** One second of a run, for the live line, --csv and --hlog. */
export interface Second {
  /** Seconds since the start. */
  elapsed: number;
  published: number;
  confirmed: number;
  nacked: number;
  returned: number;
  received: number;
  /** Per second over the interval. */
  rates: { published: number; confirmed: number; nacked: number; returned: number; received: number };
  inFlight: number;
  latency: LatencyFigures;
  confirmLatency: LatencyFigures;
  histograms: { latency: Histogram; confirm: Histogram };
}

/** What the consumers saw of one producer, beside what it says it sent. */
export interface ProducerReport extends Partial<ProducerCounts>, SequenceCounts {
  id: string;
  /** Confirmed, never received, and not left in the queue: the broker lost it. */
  lost: number;
}

export type PerfEnd = { kind: 'duration' | 'count' } | { kind: 'signal'; reason: StopReason };

/** A whole run: every figure the summary, --json and --save give. */
export interface PerfResult {
  end: PerfEnd;
  broker: { product: string | undefined; version: string | undefined };
  queues: string[];
  elapsedSeconds: number;
  totals: {
    published: number;
    confirmed: number;
    nacked: number;
    returned: number;
    received: number;
    unstamped: number;
    gaps: number;
    duplicates: number;
    outOfOrder: number;
    /** Confirmed messages that never came and are not in the queues. */
    lost: number;
    /** Confirmed (or, without confirms, published) messages that never came. */
    unreceived: number;
    leftInQueues: number;
  };
  rates: { published: number; received: number };
  latency: LatencyFigures;
  confirmLatency: LatencyFigures;
  producers: ProducerReport[];
}
