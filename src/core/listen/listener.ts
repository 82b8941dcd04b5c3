import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { Formatter } from './format.js';

/** Why a listener wants to stop. */
export type ListenerEnd =
  | { kind: 'count' }
  | { kind: 'output-failed'; error: NodeJS.ErrnoException }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: Error };

export interface ListenerOptions {
  format: Formatter;
  output: NodeJS.WritableStream;
  /** Write without acking: --no-ack (the broker does not expect acks) and --peek (nothing is removed). */
  noAck: boolean;
  /** Stop after this many messages are written and acked. */
  limit: number | undefined;
  onEnd: (end: ListenerEnd) => void;
  /** A message arrived (for --idle-timeout). */
  onMessage?: () => void;
  /** Everything delivered so far is written and acked (for --drain). */
  onIdle?: () => void;
}

/**
 * Writes each delivered message and acks it only once its bytes are written. Messages that
 * arrive together are written together and acked with one `multiple` ack, from the write's
 * callback, on the channel that delivered them; a write that fails acks nothing.
 */
export class Listener {
  /** Written and acked (or written, where nothing is acked): what --count counts. */
  taken = 0;
  private received = 0;
  private channel: Channel | undefined;
  private stopped = false;
  private batch: Buffer[] = [];
  private batchTag = 0;
  private flushScheduled = false;
  /** Delivered on the current channel and not yet written and acked. */
  private inFlight = 0;
  private pendingWrites = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: ListenerOptions) {}

  /**
   * Deliveries now come from `channel` (a new one after a reconnect); undefined while there is
   * none. What the old channel delivered and we did not ack comes again, so it is not counted.
   */
  use(channel: Channel | undefined): void {
    this.channel = channel;
    this.inFlight = 0;
    this.received = this.taken;
  }

  /** Stops writing: anything delivered from now on is left unacked, for the broker to requeue. */
  stop(): void {
    this.stopped = true;
  }

  get idle(): boolean {
    return this.inFlight === 0 && this.pendingWrites === 0 && this.batch.length === 0;
  }

  /** The consume callback. */
  readonly handle = (message: ConsumeMessage | null): void => {
    if (message === null) {
      this.options.onEnd({ kind: 'cancelled' });
      return;
    }
    if (this.stopped || (this.options.limit !== undefined && this.received >= this.options.limit)) return;
    let bytes: Buffer;
    try {
      bytes = this.options.format(message);
    } catch (error) {
      // Unwritten and unacked, the message goes back to the queue when the channel closes.
      this.stop();
      this.options.onEnd({ kind: 'failed', error: error as Error });
      return;
    }
    this.received++;
    this.inFlight++;
    this.options.onMessage?.();
    this.batch.push(bytes);
    this.batchTag = message.fields.deliveryTag;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // amqplib hands over every message of a socket read in one go; write them in one go after.
      queueMicrotask(this.flush);
    }
  };

  /** Resolves once every write handed to the output has finished (and its ack is sent). */
  flushed(): Promise<void> {
    if (this.flushScheduled) this.flush();
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const data = this.batch.length === 1 ? (this.batch[0] as Buffer) : Buffer.concat(this.batch);
    const count = this.batch.length;
    const tag = this.batchTag;
    const channel = this.channel;
    this.batch = [];
    this.pendingWrites++;
    this.options.output.write(data, (error) => {
      this.pendingWrites--;
      if (error) {
        this.stop();
        this.options.onEnd({ kind: 'output-failed', error });
      } else if (channel === this.channel && this.ack(channel, tag)) {
        this.taken += count;
        this.inFlight -= count;
        if (this.options.limit !== undefined && this.taken >= this.options.limit) this.options.onEnd({ kind: 'count' });
        else if (this.idle) this.options.onIdle?.();
      }
      if (this.pendingWrites === 0) for (const resolve of this.waiters.splice(0)) resolve();
    });
  };

  /** Acks up to `tag`; false when the channel is gone (the broker then requeues those messages). */
  private ack(channel: Channel | undefined, tag: number): boolean {
    if (channel === undefined) return false;
    if (this.options.noAck) return true;
    try {
      channel.ack({ fields: { deliveryTag: tag } } as Message, true);
      return true;
    } catch {
      return false;
    }
  }
}
