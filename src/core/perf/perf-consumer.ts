import type { Channel, ConsumeMessage } from 'amqplib';
import { readStamp } from './body.js';
import { type Clock, microsSince } from './clock.js';
import type { LatencyRecorder } from './latency.js';
import type { Trackers } from './tracker.js';

export interface PerfConsumerOptions {
  queue: string;
  channel: Channel;
  clock: Clock;
  prefetch: number;
  autoAck: boolean;
  multiAck: number;
  delayMs: number;
  stream: boolean;
  latency: LatencyRecorder;
  /** Shared by every consumer of the run: one tracker per producer and queue. */
  trackers: Trackers;
  /** This run's producers, numbered from 0; another program's are followed from the first number seen. */
  ownProducers: ReadonlySet<string>;
  onMessage: () => void;
}

/**
 * One consumer on its own channel: reads each body's stamp, records the latency from it, tracks
 * the producer's sequence, and acks (one by one, every --multi-ack n, or not at all with
 * --auto-ack). With --consumer-delay it handles one message at a time, as a slow worker would.
 */
export class PerfConsumer {
  received = 0;
  /** Deliveries without a stamp (shorter than 12 bytes): counted, not measured. */
  unstamped = 0;
  private tag: string | undefined;
  private unacked: ConsumeMessage | undefined;
  private unackedCount = 0;
  private line: Promise<void> = Promise.resolve();

  constructor(private readonly options: PerfConsumerOptions) {}

  async start(): Promise<void> {
    const { channel, prefetch, autoAck, stream, queue } = this.options;
    if (prefetch > 0) await channel.prefetch(prefetch);
    const args = stream ? { 'x-stream-offset': 'next' } : undefined;
    const { consumerTag } = await channel.consume(queue, (message) => message !== null && this.deliver(message), { noAck: autoAck, arguments: args });
    this.tag = consumerTag;
  }

  /** Stops deliveries; what is still in line is handled, the last multi-ack sent. */
  async stop(): Promise<void> {
    if (this.tag !== undefined) await this.options.channel.cancel(this.tag).catch(() => {});
    this.tag = undefined;
    await this.line;
    this.flushAcks();
  }

  private deliver(message: ConsumeMessage): void {
    if (this.options.delayMs === 0) {
      this.handle(message);
      return;
    }
    this.line = this.line.then(() => {
      this.handle(message);
      return new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    });
  }

  private handle(message: ConsumeMessage): void {
    const { options } = this;
    this.received++;
    const stamp = readStamp(message.content);
    if (stamp === undefined) this.unstamped++;
    else {
      options.latency.record(microsSince(options.clock, stamp.time));
      const producer = String(message.properties.appId ?? '');
      options.trackers.of(producer, options.queue, options.ownProducers.has(producer) ? 0 : stamp.sequence).see(stamp.sequence);
    }
    options.onMessage();
    if (options.autoAck) return;
    this.unacked = message;
    if (++this.unackedCount >= options.multiAck) this.flushAcks();
  }

  private flushAcks(): void {
    if (this.unacked === undefined) return;
    this.options.channel.ack(this.unacked, this.unackedCount > 1);
    this.unacked = undefined;
    this.unackedCount = 0;
  }
}
