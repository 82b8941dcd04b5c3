import { build, type Histogram } from 'hdr-histogram-js';

/** The quantiles every report gives, as PerfTest names them and a few more. */
export const QUANTILES = [
  ['p50', 50],
  ['p75', 75],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p99.9', 99.9],
  ['p99.99', 99.99],
] as const;

/** A latency distribution in milliseconds (µs resolution); every figure is 0 when nothing was recorded. */
export interface LatencyFigures {
  count: number;
  min: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  'p99.9': number;
  'p99.99': number;
  max: number;
  mean: number;
}

/** Up to an hour, in µs, to 3 significant digits: HdrHistogram's usual choice (±0.1%). */
function histogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
}

/**
 * One latency (end to end, or to the confirm) in two HdrHistograms: the whole run's, and the
 * current second's, which `interval()` hands over and starts afresh.
 */
export class LatencyRecorder {
  readonly total = histogram();
  private current = histogram();
  private intervalStartMs = Date.now();

  /** Records `micros` microseconds. */
  record(micros: number): void {
    const value = Math.max(micros, 1);
    this.total.recordValue(value);
    this.current.recordValue(value);
  }

  /** The histogram of the interval that ends now, stamped with its start and end; the next one begins. */
  interval(): Histogram {
    const done = this.current;
    done.startTimeStampMsec = this.intervalStartMs;
    done.endTimeStampMsec = Date.now();
    this.intervalStartMs = done.endTimeStampMsec;
    this.current = histogram();
    return done;
  }
}

/** The figures of a histogram, in milliseconds. */
export function figuresOf(histogram: Histogram): LatencyFigures {
  const count = histogram.totalCount;
  const ms = (micros: number) => (count === 0 ? 0 : Math.round(micros) / 1000);
  const figures: Record<string, number> = { count, min: ms(histogram.minNonZeroValue), max: ms(histogram.maxValue), mean: ms(histogram.mean) };
  // A quantile is the top of its bucket, which can lie above the largest value recorded: never show it above max.
  for (const [name, percentile] of QUANTILES) figures[name] = ms(Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue));
  return figures as unknown as LatencyFigures;
}
