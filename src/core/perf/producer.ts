import { once } from 'node:events';
import type { Channel, ConfirmChannel } from 'amqplib';
import { makeBody, readStamp, stamp } from './body.js';
import type { Clock } from './clock.js';
import { microsSince } from './clock.js';
import type { LatencyRecorder } from './latency.js';
import { RateSchedule } from './schedule.js';

/** Below this size amqplib copies the body into its frame at once, so one buffer serves every message. */
const REUSE_BELOW = 1024;

/** What one producer did. */
export interface ProducerCounts {
  id: string;
  queue: string;
  published: number;
  confirmed: number;
  nacked: number;
  returned: number;
}

export interface ProducerOptions {
  id: string;
  queue: string;
  /** Where it publishes: the default exchange and the queue's name, or --exchange and --routing-key. */
  exchange: string;
  routingKey: string;
  channel: Channel | ConfirmChannel;
  clock: Clock;
  size: number;
  persistent: boolean;
  rate: number | undefined;
  openLoop: boolean;
  /** Most unconfirmed messages in flight; undefined: no confirms. */
  confirm: number | undefined;
  count: number | undefined;
  confirmLatency: LatencyRecorder;
  /** Stops publishing. */
  stop: AbortSignal;
  /** Stops waiting for the confirms of what went. */
  abandon: AbortSignal;
}

/** Messages published between two turns of the event loop, so that confirms and deliveries are read meanwhile. */
const BURST = 100;

/** How far behind its rate a closed-loop producer may be and still catch up. */
const CATCH_UP_NANOS = 100_000_000n;

/**
 * One producer: publishes numbered, timestamped messages to its queue through the default
 * exchange, at a rate or as fast as its confirm window (or the socket) lets, until its count or
 * the signal. Each body's timestamp is the message's due time when open-loop, so that consumers
 * measure from when it should have gone.
 */
export class Producer {
  readonly counts: ProducerCounts;
  /** Sequence numbers published and neither confirmed nor nacked yet. */
  readonly unconfirmed = new Set<number>();
  readonly nacks = new Set<number>();
  /** Sequence numbers the broker returned as unroutable (then confirmed): never to be delivered. */
  readonly returns = new Set<number>();
  private slot: (() => void) | undefined;
  private closedDue: bigint | undefined;

  constructor(private readonly options: ProducerOptions) {
    this.counts = { id: options.id, queue: options.queue, published: 0, confirmed: 0, nacked: 0, returned: 0 };
    options.channel.on('return', (message: { content: Buffer }) => {
      this.counts.returned++;
      const returned = readStamp(message.content);
      if (returned !== undefined) this.returns.add(returned.sequence);
    });
  }

  get inFlight(): number {
    return this.unconfirmed.size;
  }

  /** Publishes until the count or the signal, then waits for the confirms of what went. */
  async run(): Promise<void> {
    const { options } = this;
    const { clock, stop: signal } = options;
    const nanos = clock.nanosPerUnit;
    const schedule = options.rate === undefined ? undefined : new RateSchedule(options.rate, clock.now() * nanos);
    const shared = options.size < REUSE_BELOW ? makeBody(options.size) : undefined;
    const limit = options.count ?? Number.POSITIVE_INFINITY;
    for (let sequence = 0; sequence < limit && !signal.aborted; sequence++) {
      if (schedule !== undefined) {
        // Timers may wake a little early (libuv's clock is cached, in whole ms): then wait again.
        for (let wait = this.waitMs(schedule, sequence); wait > 0 && !signal.aborted; wait = this.waitMs(schedule, sequence)) {
          await sleep(Math.ceil(wait), signal);
        }
        if (signal.aborted) break;
      }
      if (options.confirm !== undefined && this.unconfirmed.size >= options.confirm) await this.freeSlot(signal);
      if (signal.aborted) break;
      const sent = clock.now();
      if (schedule !== undefined && !options.openLoop) this.closedLoopNext(schedule, sent * nanos);
      const due = schedule !== undefined && options.openLoop ? schedule.dueAt(sequence) / nanos : sent;
      const body = stamp(shared ?? makeBody(options.size), sequence, due);
      if (!this.publish(sequence, body, due)) await this.drained(signal);
      else if (sequence % BURST === BURST - 1) await new Promise(setImmediate);
    }
    await this.confirmsDone(options.abandon);
  }

  /** Milliseconds until message `sequence` may go: its due time (open loop), or (closed loop) an interval after the last one went. */
  private waitMs(schedule: RateSchedule, sequence: number): number {
    const { clock } = this.options;
    const now = clock.now() * clock.nanosPerUnit;
    if (this.options.openLoop) return schedule.waitMs(sequence, now);
    return this.closedDue === undefined ? 0 : Math.max(0, Number(this.closedDue - now) / 1e6);
  }

  /**
   * Closed loop: the next message is due an interval after this one's due time, so timer jitter
   * does not slow the rate; but a producer that fell behind (a stall) starts afresh from now
   * instead of catching up, and each message counts from when it went: the stall hides.
   */
  private closedLoopNext(schedule: RateSchedule, nowNanos: bigint): void {
    const interval = BigInt(Math.round(1e9 / schedule.rate));
    const next = (this.closedDue ?? nowNanos) + interval;
    this.closedDue = nowNanos - next > CATCH_UP_NANOS ? nowNanos + interval : next;
  }

  private publish(sequence: number, body: Buffer, due: bigint): boolean {
    const { options, counts } = this;
    const properties = { persistent: options.persistent, mandatory: true, appId: options.id };
    counts.published++;
    if (options.confirm === undefined) return options.channel.publish(options.exchange, options.routingKey, body, properties);
    this.unconfirmed.add(sequence);
    return options.channel.publish(options.exchange, options.routingKey, body, properties, (error: unknown) => {
      if (!this.unconfirmed.delete(sequence)) return;
      if (error == null) {
        counts.confirmed++;
        options.confirmLatency.record(microsSince(options.clock, due));
      } else {
        counts.nacked++;
        this.nacks.add(sequence);
      }
      const wake = this.slot;
      this.slot = undefined;
      wake?.();
    });
  }

  private freeSlot(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.slot = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** The channel's buffer is full (a slow or stalled broker): wait until it drains. */
  private async drained(signal: AbortSignal): Promise<void> {
    await once(this.options.channel, 'drain', { signal }).catch(() => {});
  }

  /** Waits until every message that went is confirmed or nacked (or the signal). */
  private async confirmsDone(signal: AbortSignal): Promise<void> {
    while (this.unconfirmed.size > 0 && !signal.aborted) await this.freeSlot(signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
