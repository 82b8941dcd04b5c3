import type { ServerProperties } from 'amqplib';
import { figuresOf, type LatencyRecorder } from './latency.js';
import type { PerfConsumer } from './perf-consumer.js';
import type { PerfPlan } from './plan.js';
import type { Producer } from './producer.js';
import type { PerfEnd, PerfResult, ProducerReport } from './result.js';
import { sumCounts, type Trackers } from './tracker.js';

export interface ReportInput {
  end: PerfEnd;
  plan: PerfPlan;
  serverProperties: ServerProperties | undefined;
  producers: readonly Producer[];
  consumers: readonly PerfConsumer[];
  trackers: Trackers;
  latency: LatencyRecorder;
  confirmLatency: LatencyRecorder;
  left: number;
  publishedSeconds: number;
  receivedSeconds: number;
}

/** Puts a finished run's counts and histograms into its result. */
export function reportOf(input: ReportInput): PerfResult {
  const { plan, trackers } = input;
  const reports: ProducerReport[] = [];
  let unreceived = 0;
  for (const producer of input.producers) {
    const reached = trackers.ofProducer(producer.counts.id);
    const sequence = sumCounts(reached);
    // What should have come: confirmed (or, without confirms, published), neither nacked nor returned.
    const missing =
      plan.consumers === 0
        ? []
        : reached.length === 0
          ? range(producer.counts.published)
          : reached.flatMap((tracker) => tracker.missingBelow(producer.counts.published));
    const confirmedMissing = missing.filter(
      (sequence) => !producer.nacks.has(sequence) && !producer.returns.has(sequence) && (plan.confirm === undefined || !producer.unconfirmed.has(sequence)),
    );
    unreceived += confirmedMissing.length;
    reports.push({ ...producer.counts, ...sequence, lost: confirmedMissing.length });
  }
  // Another program's producers, seen by our consumers (a pika script, a PerfTest on another host).
  for (const id of trackers.producers()) {
    if (!input.producers.some((producer) => producer.counts.id === id)) reports.push({ id, ...sumCounts(trackers.ofProducer(id)), lost: 0 });
  }
  // What never came may still sit in a queue (a slow consumer); only what is nowhere was lost.
  const lost = Math.max(0, unreceived - input.left);
  if (lost < unreceived) for (const report of reports) report.lost = Math.round((report.lost * lost) / unreceived);
  const total = (pick: (report: ProducerReport) => number | undefined) => reports.reduce((sum, report) => sum + (pick(report) ?? 0), 0);
  const published = total((r) => r.published);
  const received = input.consumers.reduce((sum, consumer) => sum + consumer.received, 0);
  return {
    end: input.end,
    broker: { product: text(input.serverProperties?.product), version: text(input.serverProperties?.version) },
    queues: plan.queues,
    elapsedSeconds: round(Math.max(input.publishedSeconds, input.receivedSeconds)),
    totals: {
      published,
      confirmed: total((r) => r.confirmed),
      nacked: total((r) => r.nacked),
      returned: total((r) => r.returned),
      received,
      unstamped: input.consumers.reduce((sum, consumer) => sum + consumer.unstamped, 0),
      gaps: total((r) => r.gaps),
      duplicates: total((r) => r.duplicates),
      outOfOrder: total((r) => r.outOfOrder),
      lost,
      unreceived,
      leftInQueues: input.left,
    },
    rates: { published: rate(published, input.publishedSeconds), received: rate(received, input.receivedSeconds) },
    latency: figuresOf(input.latency.total),
    confirmLatency: figuresOf(input.confirmLatency.total),
    producers: reports,
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const rate = (count: number, seconds: number) => (seconds > 0 ? Math.round((count / seconds) * 10) / 10 : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const range = (count: number) => Array.from({ length: count }, (_, i) => i);
