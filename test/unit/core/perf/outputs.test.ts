import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvRow } from '../../../../src/core/perf/outputs.js';
import type { Second } from '../../../../src/core/perf/result.js';

const figures = (base: number) => ({
  count: 10,
  min: base,
  p50: base + 1,
  p75: base + 2,
  p90: base + 3,
  p95: base + 4,
  p99: base + 5,
  'p99.9': 0,
  'p99.99': 0,
  max: base + 9,
  mean: 0,
});

describe('csvRow', () => {
  it("puts PerfTest's columns in PerfTest's order, then mqcli's own", () => {
    const second = {
      elapsed: 3,
      rates: { published: 100, returned: 1, confirmed: 99, nacked: 0.5, received: 98.25 },
      inFlight: 7,
      latency: figures(10),
      confirmLatency: figures(20),
    } as unknown as Second;
    const cells = csvRow(second).trimEnd().split(',');
    expect(cells).toHaveLength(CSV_HEADER.length);
    expect(Object.fromEntries(CSV_HEADER.map((name, i) => [name, cells[i]]))).toEqual({
      'time (s)': '3.0',
      'published (msg/s)': '100.0',
      'returned (msg/s)': '1.0',
      'confirmed (msg/s)': '99.0',
      'nacked (msg/s)': '0.5',
      'received (msg/s)': '98.3',
      'min consumer latency (ms)': '10',
      'median consumer latency (ms)': '11',
      '75th p. consumer latency (ms)': '12',
      '95th p. consumer latency (ms)': '14',
      '99th p. consumer latency (ms)': '15',
      'min confirm latency (ms)': '20',
      'median confirm latency (ms)': '21',
      '75th p. confirm latency (ms)': '22',
      '95th p. confirm latency (ms)': '24',
      '99th p. confirm latency (ms)': '25',
      'in flight': '7',
      'max consumer latency (ms)': '19',
    });
  });
});
