import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { HistogramLogWriter } from 'hdr-histogram-js';
import { UsageError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import type { Second } from './result.js';

/** PerfTest's CSV columns, in its order (latencies in ms here, as mqcli reports them), then mqcli's own. */
export const CSV_HEADER = [
  'time (s)',
  'published (msg/s)',
  'returned (msg/s)',
  'confirmed (msg/s)',
  'nacked (msg/s)',
  'received (msg/s)',
  'min consumer latency (ms)',
  'median consumer latency (ms)',
  '75th p. consumer latency (ms)',
  '95th p. consumer latency (ms)',
  '99th p. consumer latency (ms)',
  'min confirm latency (ms)',
  'median confirm latency (ms)',
  '75th p. confirm latency (ms)',
  '95th p. confirm latency (ms)',
  '99th p. confirm latency (ms)',
  'in flight',
  'max consumer latency (ms)',
] as const;

/** One CSV row for a second of the run. */
export function csvRow(second: Second): string {
  const { rates, latency: l, confirmLatency: c } = second;
  const r = (value: number) => value.toFixed(1);
  const cells = [
    second.elapsed.toFixed(1),
    r(rates.published),
    r(rates.returned),
    r(rates.confirmed),
    r(rates.nacked),
    r(rates.received),
    ...[l.min, l.p50, l.p75, l.p95, l.p99, c.min, c.p50, c.p75, c.p95, c.p99].map(String),
    String(second.inFlight),
    String(l.max),
  ];
  return `${cells.join(',')}\n`;
}

/** Writes --csv and --hlog as the seconds come; `close` flushes them. */
export class SecondFiles {
  private readonly csv: WriteStream | undefined;
  private readonly hlog: WriteStream | undefined;
  private readonly writer: HistogramLogWriter | undefined;

  private error: unknown;

  private constructor(csv: WriteStream | undefined, hlog: WriteStream | undefined, startMs: number) {
    for (const stream of [csv, hlog]) stream?.on('error', (error) => (this.error ??= error));
    if (csv !== undefined) {
      this.csv = csv;
      this.csv.write(`${CSV_HEADER.join(',')}\n`);
    }
    if (hlog !== undefined) {
      this.hlog = hlog;
      this.writer = new HistogramLogWriter((text) => hlog.write(text));
      this.writer.outputComment('mqcli perf: end-to-end latency (tag latency) and confirm latency (tag confirm), in microseconds');
      this.writer.outputLogFormatVersion();
      this.writer.baseTime = startMs;
      this.writer.outputStartTime(startMs);
      this.writer.outputLegend();
    }
  }

  /** Creates the files before anything connects: a path that cannot be written is exit 2. */
  static async open(paths: { csv?: string | undefined; hlog?: string | undefined }): Promise<SecondFiles> {
    const [csv, hlog] = await Promise.all([openFile(paths.csv, '--csv'), openFile(paths.hlog, '--hlog')]);
    return new SecondFiles(csv, hlog, Date.now());
  }

  /** A write error later (a full disk) surfaces at close. */
  add(second: Second): void {
    this.csv?.write(csvRow(second));
    if (this.writer !== undefined) {
      second.histograms.latency.tag = 'latency';
      second.histograms.confirm.tag = 'confirm';
      // Values are µs; the max column is in ms, as HdrHistogram's tools expect from a ratio of 1000.
      this.writer.outputIntervalHistogram(second.histograms.latency, undefined, undefined, 1000);
      this.writer.outputIntervalHistogram(second.histograms.confirm, undefined, undefined, 1000);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.csv, this.hlog].map((stream) => (stream === undefined ? undefined : finished(stream))));
    if (this.error !== undefined) throw this.error;
  }
}

async function openFile(path: string | undefined, flag: string): Promise<WriteStream | undefined> {
  if (path === undefined) return undefined;
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot write it (${whyUnreadable(error)})`);
  }
  return stream;
}

/** Resolves once the file is closed, written or failed (the failure is kept by the constructor's listener). */
async function finished(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  const closed = once(stream, 'close').catch(() => {});
  stream.end();
  await closed;
}
