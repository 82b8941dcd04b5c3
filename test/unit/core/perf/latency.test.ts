import { describe, expect, it } from 'vitest';
import { figuresOf, LatencyRecorder } from '../../../../src/core/perf/latency.js';

describe('LatencyRecorder', () => {
  it('gives every figure in ms from µs, to HdrHistogram’s 3 significant digits', () => {
    const recorder = new LatencyRecorder();
    for (let micros = 1000; micros <= 100_000; micros += 1000) recorder.record(micros);
    const figures = figuresOf(recorder.total);
    expect(figures.count).toBe(100);
    expect(figures.min).toBeCloseTo(1, 2);
    expect(figures.p50).toBeCloseTo(50, 0);
    expect(figures.p90).toBeCloseTo(90, 0);
    expect(figures.p99).toBeCloseTo(99, 0);
    expect(figures.max).toBeCloseTo(100, 0);
  });

  it('never shows a quantile above the max', () => {
    const recorder = new LatencyRecorder();
    for (const micros of [300, 49_400, 49_401]) recorder.record(micros);
    const figures = figuresOf(recorder.total);
    expect(figures['p99.99']).toBeLessThanOrEqual(figures.max);
    expect(figures['p99.9']).toBeLessThanOrEqual(figures.max);
  });

  it('hands over each interval and starts the next one empty, the total kept', () => {
    const recorder = new LatencyRecorder();
    recorder.record(5000);
    const first = recorder.interval();
    recorder.record(7000);
    recorder.record(9000);
    expect(first.totalCount).toBe(1);
    expect(recorder.interval().totalCount).toBe(2);
    expect(recorder.interval().totalCount).toBe(0);
    expect(recorder.total.totalCount).toBe(3);
  });

  it('gives zeros, not garbage, for an empty histogram; records 0 µs as 1', () => {
    expect(figuresOf(new LatencyRecorder().total)).toMatchObject({ count: 0, min: 0, p50: 0, max: 0 });
    const recorder = new LatencyRecorder();
    recorder.record(0);
    expect(figuresOf(recorder.total)).toMatchObject({ count: 1, min: 0.001 });
  });
});
