import type { Channel, ConsumeMessage, Message } from 'amqplib';
import { AckLedger } from './ack-ledger.js';
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
  /** Reading a stream queue (--offset): deliveries carry their stream offset, and a new consumer resumes after the last written. */
  stream?: boolean | undefined;
  /** Stop after this many messages are written. */
  limit: number | undefined;
  /**
   * Bytes the output may hold unread after the kernel took them (a pipe's capacity; 0 for files
   * and terminals). A message is acked only once this many more bytes were taken after it.
   */
  unread?: number | undefined;
  onEnd: (end: ListenerEnd) => void;
  /** A message arrived (for --idle-timeout). */
  onMessage?: () => void;
  /** Everything delivered so far is written (for --drain). */
  onIdle?: () => void;
  /** As many messages as the prefetch allows are written and held back: the broker sends no more. */
  onStall?: () => void;
}

/** After --count is reached, how long to wait for the redelivery of messages whose acks a lost channel took along. */
const OWED_WAIT_MS = 10_000;

/**
 * Writes each delivered message and leaves its ack to the ledger, which acks it once the reader
 * can have read it. Messages that arrive together are written together. A redelivery of a message
 * written before a reconnect is recognised, acked in time, and neither written nor counted again.
 */
export class Listener {
  /** Written and taken by the kernel: what the summary counts. */
  taken = 0;
  /** The stream offset of the last message written, when reading a stream: a new consumer resumes after it. */
  lastStreamOffset: number | undefined;
  /** Handed to the output: what --count counts. */
  private written = 0;
  private handed = 0;
  private prefetch = 0;
  private stopped = false;
  private batch: { bytes: Buffer; message: Message }[] = [];
  private flushScheduled = false;
  private pendingWrites = 0;
  private waiters: (() => void)[] = [];
  private stallReported = false;
  private countReported = false;
  private owedTimer: NodeJS.Timeout | undefined;
  private readonly ledger: AckLedger | undefined;

  constructor(private readonly options: ListenerOptions) {
    this.ledger = options.noAck ? undefined : new AckLedger(options.unread ?? 0);
  }

  /**
   * Deliveries now come from `channel` (a new one after a reconnect), with this prefetch;
   * undefined while there is none. What the old channel left unacked comes again.
   */
  use(channel: Channel | undefined, prefetch = 0): void {
    if (this.flushScheduled) this.flush();
    this.ledger?.use(channel);
    this.prefetch = prefetch;
    this.stallReported = false;
    this.checkCount();
  }

  /** Stops writing: anything delivered from now on is left unacked, for the broker to requeue. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.owedTimer);
  }

  /** Every delivered message is written and taken by the kernel (some may be held back unacked). */
  get idle(): boolean {
    return this.pendingWrites === 0 && this.batch.length === 0;
  }

  /** How many written messages wait for proof that the reader read them. */
  get heldCount(): number {
    return this.ledger?.heldCount ?? 0;
  }

  /** The consume callback. */
  readonly handle = (message: ConsumeMessage | null): void => {
    if (message === null) {
      this.options.onEnd({ kind: 'cancelled' });
      return;
    }
    const tag = message.fields.deliveryTag;
    if (this.stopped) {
      this.ledger?.skip(tag);
      return;
    }
    if (message.fields.redelivered && this.ledger?.remembers === true) {
      // What is batched goes first, so that the ledger holds messages in delivery order.
      if (this.flushScheduled) this.flush();
      if (this.ledger.recognise(message)) {
        this.options.onMessage?.();
        this.afterProgress();
        return;
      }
    }
    // Only a stream's own header counts: a message copied from a stream to a queue may carry one too.
    const offset = this.options.stream === true ? streamOffsetOf(message) : undefined;
    if (offset !== undefined && this.lastStreamOffset !== undefined && offset <= this.lastStreamOffset) {
      // A stream consumer may start before the offset asked for (at its chunk): written already.
      if (this.flushScheduled) this.flush();
      this.ledger?.alreadyWritten(message, this.handed);
      this.afterProgress();
      return;
    }
    if (this.options.limit !== undefined && this.written >= this.options.limit) {
      this.ledger?.skip(tag);
      return;
    }
    let bytes: Buffer;
    try {
      bytes = this.options.format(message);
    } catch (error) {
      // Unwritten and unacked, the message goes back to the queue when the channel closes.
      this.stop();
      this.options.onEnd({ kind: 'failed', error: error as Error });
      return;
    }
    this.written++;
    if (offset !== undefined) this.lastStreamOffset = offset;
    this.options.onMessage?.();
    this.batch.push({ bytes, message });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // amqplib hands over every message of a socket read in one go; write them in one go after.
      queueMicrotask(this.flush);
    }
  };

  /** Resolves once every write handed to the output has been taken by the kernel. */
  flushed(): Promise<void> {
    if (this.flushScheduled) this.flush();
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** A normal end (--count, --drain, idle): everything written is acked; the reader has it in its pipe. */
  finish(): void {
    this.ledger?.ackAll();
  }

  /** From now on, ack what the kernel took: for a prefetch too small to hold a pipe's worth. */
  stopHoldingBack(): void {
    this.ledger?.stopHoldingBack();
  }

  /**
   * Hands back messages held longer than `maxAgeMs`, to be held again when they come back; also
   * while a write waits on a slow reader, since the broker's consumer timeout does not wait.
   */
  refresh(maxAgeMs: number): void {
    if (this.flushScheduled) this.flush();
    this.ledger?.refresh(maxAgeMs);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const data = batch.length === 1 ? (batch[0] as { bytes: Buffer }).bytes : Buffer.concat(batch.map((item) => item.bytes));
    let end = this.handed;
    for (const { bytes, message } of batch) {
      end += bytes.length;
      this.ledger?.hold(message, end);
    }
    this.handed = end;
    this.pendingWrites++;
    this.options.output.write(data, (error) => {
      this.pendingWrites--;
      if (error) {
        this.stop();
        this.options.onEnd({ kind: 'output-failed', error });
      } else {
        this.taken += batch.length;
        this.ledger?.took(data.length);
        this.afterProgress();
      }
      if (this.pendingWrites === 0) for (const resolve of this.waiters.splice(0)) resolve();
    });
  };

  /** After a write or a recognised redelivery: a full prefetch, --count reached, or all written. */
  private afterProgress(): void {
    const done = this.options.limit !== undefined && this.written >= this.options.limit;
    if (!done && this.prefetch > 0 && !this.stallReported && this.heldCount >= this.prefetch && this.idle) {
      this.stallReported = true;
      this.options.onStall?.();
    }
    if (done) this.checkCount();
    else if (this.idle) this.options.onIdle?.();
  }

  /**
   * --count is reached once n are written and, when a lost channel took acks along, their
   * messages have come back to be acked: exactly n leave the queue. A redelivery that goes to
   * another consumer is waited for a while, no longer.
   */
  private checkCount(): void {
    const { limit } = this.options;
    if (limit === undefined || this.written < limit || !this.idle || this.countReported || this.stopped) return;
    const ledger = this.ledger;
    const settled = ledger === undefined || (ledger.owed === 0 && (ledger.connected || ledger.heldCount === 0));
    if (!settled) {
      this.owedTimer ??= setTimeout(() => this.reportCount(), OWED_WAIT_MS);
      return;
    }
    this.reportCount();
  }

  private reportCount(): void {
    if (this.countReported) return;
    this.countReported = true;
    clearTimeout(this.owedTimer);
    this.options.onEnd({ kind: 'count' });
  }
}

/** The `x-stream-offset` header a stream queue puts on each delivery, if this is one. */
function streamOffsetOf(message: Message): number | undefined {
  const offset: unknown = message.properties.headers?.['x-stream-offset'];
  return typeof offset === 'number' ? offset : undefined;
}
