import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { onStopSignal, type StopReason } from '../signals.js';
import { MILLI_CLOCK, NANO_CLOCK } from './clock.js';
import { closeAll, openConnections } from './connections.js';
import { LatencyRecorder } from './latency.js';
import { PerfConsumer } from './perf-consumer.js';
import type { PerfPlan } from './plan.js';
import { Producer } from './producer.js';
import { reportOf } from './report.js';
import type { PerfEnd, PerfResult, Second } from './result.js';
import { Ticker } from './ticker.js';
import { Trackers } from './tracker.js';
import { deleteQueues, leftIn, prepareQueues } from './topology.js';

/** How long the consumers may take to receive what was confirmed, once nothing more comes. */
const QUIET_MS = 2000;
/** How long, at most, the consumers may go on catching up (a slow consumer's backlog is left in the queue). */
const DRAIN_LIMIT_MS = 10_000;
/** How long the producers may wait for their last confirms. */
const CONFIRM_GRACE_MS = 5000;
/** After a Ctrl-C, each closing step is this short. */
const SIGNAL_GRACE_MS = 1000;

export interface PerfHooks {
  onSecond?: (second: Second) => void;
}

/**
 * `mqcli perf`: consumers first, then producers, for --duration or --count or until Ctrl-C; then
 * the last confirms, the consumers' catching up, and the count of what never came.
 */
export async function runPerf(run: Run, plan: PerfPlan, hooks: PerfHooks = {}): Promise<PerfResult> {
  const settings = (await run.settings()).connection;
  const clock = plan.useMillis ? MILLI_CLOCK : NANO_CLOCK;
  const stop = new AbortController();
  const abandon = new AbortController();
  let end: PerfEnd | undefined;
  const finish = (reason: PerfEnd) => {
    if (end !== undefined) return;
    end = reason;
    stop.abort();
  };
  let signalled: StopReason | undefined;
  const unwatch = onStopSignal((reason) => {
    signalled = reason;
    finish({ kind: 'signal', reason });
    setTimeout(() => abandon.abort(), SIGNAL_GRACE_MS).unref();
  }, run.exit);
  const consumerConnections: BrokerConnection[] = [];
  const producerConnections: BrokerConnection[] = [];
  let created: string[] = [];
  let admin: BrokerConnection | undefined;
  try {
    consumerConnections.push(...(await openConnections(run, settings, 'mqcli perf consumers', plan.connections.consumers)));
    producerConnections.push(...(await openConnections(run, settings, 'mqcli perf producers', plan.connections.producers)));
    admin = (consumerConnections[0] ?? producerConnections[0]) as BrokerConnection;
    const broker = admin;
    const lost = Promise.race([...consumerConnections, ...producerConnections].map((connection) => connection.lost));
    const work = async (): Promise<PerfResult> => {
      created = await prepareQueues(broker, plan);
      for (const queue of created) run.log.debug(`created ${plan.queueType} queue '${queue}'`);
      const latency = new LatencyRecorder();
      const confirmLatency = new LatencyRecorder();
      const trackers = new Trackers();
      const producerIds = Array.from({ length: plan.producers }, (_, i) => `${plan.runId}.${i + 1}`);
      const own = new Set(producerIds);
      let received = 0;
      let lastReceived = performance.now();
      let firstReceived: number | undefined;
      const consumers: PerfConsumer[] = [];
      for (let i = 0; i < plan.consumers; i++) {
        const connection = consumerConnections[i % consumerConnections.length] as BrokerConnection;
        const consumer = new PerfConsumer({
          queue: plan.queues[i % plan.queues.length] as string,
          channel: await connection.channel(),
          clock,
          prefetch: plan.prefetch,
          autoAck: plan.autoAck,
          multiAck: plan.multiAck,
          delayMs: plan.consumerDelayMs,
          stream: plan.queueType === 'stream',
          latency,
          trackers,
          ownProducers: own,
          onMessage: () => {
            received++;
            lastReceived = performance.now();
            firstReceived ??= lastReceived;
            if (plan.producers === 0 && plan.count !== undefined && received >= plan.count) finish({ kind: 'count' });
          },
        });
        await consumer.start();
        consumers.push(consumer);
      }
      const producers: Producer[] = [];
      for (let i = 0; i < plan.producers; i++) {
        const connection = producerConnections[i % producerConnections.length] as BrokerConnection;
        const channel: Channel = plan.confirm === undefined ? await connection.channel() : await connection.confirmChannel();
        producers.push(
          new Producer({
            id: producerIds[i] as string,
            queue: plan.queues[i % plan.queues.length] as string,
            exchange: plan.exchange,
            routingKey: plan.routingKey ?? (plan.queues[i % plan.queues.length] as string),
            channel,
            clock,
            size: plan.size,
            persistent: plan.persistent,
            rate: plan.rate,
            openLoop: plan.openLoop,
            confirm: plan.confirm,
            count: plan.count,
            confirmLatency,
            stop: stop.signal,
            abandon: abandon.signal,
          }),
        );
      }
      const started = performance.now();
      const ticker = new Ticker({ producers, received: () => received, latency, confirmLatency, started, onSecond: hooks.onSecond });
      const timer = plan.durationMs === undefined ? undefined : setTimeout(() => finish({ kind: 'duration' }), plan.durationMs);
      const publishing = Promise.all(producers.map((producer) => producer.run()));
      // The count is the producers' to reach; a consumer-only run ends by its own count, duration or a signal.
      if (plan.producers > 0 && plan.durationMs === undefined) void publishing.then(() => finish({ kind: 'count' }));
      await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
      clearTimeout(timer);
      const confirmTimer = setTimeout(() => abandon.abort(), CONFIRM_GRACE_MS);
      await publishing;
      clearTimeout(confirmTimer);
      const publishedSeconds = (performance.now() - started) / 1000;
      // Wait until what went (and was not returned) has come, the consumers have been quiet a while, or the limit.
      const expected = () =>
        producers.reduce((sum, { counts }) => sum + (plan.confirm === undefined ? counts.published : counts.confirmed) - counts.returned, 0);
      const drainUntil = performance.now() + DRAIN_LIMIT_MS;
      const catchingUp = () => received < expected() && performance.now() - lastReceived < QUIET_MS && performance.now() < drainUntil;
      while (plan.consumers > 0 && signalled === undefined && plan.role === 'both' && catchingUp()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Without producers of its own, the rate is over the time messages came, not the wait for the first.
      const receivedFrom = plan.producers === 0 ? (firstReceived ?? started) : started;
      const receivedSeconds = (Math.max(lastReceived, receivedFrom) - receivedFrom) / 1000;
      await Promise.race([Promise.all(consumers.map((consumer) => consumer.stop())), new Promise((resolve) => setTimeout(resolve, SIGNAL_GRACE_MS))]);
      ticker.stop();
      const left = plan.role === 'both' ? await leftIn(broker, plan.queues, plan.queueType === 'stream') : 0;
      return reportOf({
        end: end ?? { kind: 'duration' },
        plan,
        serverProperties: broker.serverProperties,
        producers,
        consumers,
        trackers,
        latency,
        confirmLatency,
        left,
        publishedSeconds,
        receivedSeconds: plan.producers > 0 ? Math.max(receivedSeconds, publishedSeconds) : receivedSeconds,
      });
    };
    const result = await Promise.race([work(), lost]);
    await deleteQueues(admin, plan.cleanUp ? created : []);
    created = [];
    return result;
  } catch (error) {
    throw operationError(error);
  } finally {
    // A run that failed still removes what it made, if the broker still answers.
    if (admin !== undefined && plan.cleanUp) await deleteQueues(admin, created).catch(() => {});
    stop.abort();
    abandon.abort();
    unwatch();
    await closeAll([...producerConnections, ...consumerConnections]);
  }
}
