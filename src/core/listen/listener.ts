import type { Channel, ConsumeMessage, Message } from 'amqplib';
import { type ConsumeEnd, isNormalEnd, outputEnd } from '../consumer/end.js';
import type { ConsumerHost, Handler } from '../consumer/handler.js';
import type { StreamOffset } from '../consumer/stream-offset.js';
import { BrokerError } from '../errors.js';
import { AckLedger } from './ack-ledger.js';
import type { Formatter } from './message-bytes.js';
import { streamOffsetOf } from './stream-bounds.js';
import type { Where } from '../where.js';

export interface ListenerOptions {
  format: Formatter;
  output: NodeJS.WritableStream;
  /** Write without acking: --no-ack (the broker does not expect acks) and --peek (nothing is removed). */
  noAck: boolean;
  /** Reading a stream queue (--offset): deliveries carry their stream offset, and a new consumer resumes after the last written. */
  stream?: boolean | undefined;
  /** The prefetch to start with. */
  prefetch: number;
  /** Bytes the output may hold unread after the kernel took them (a pipe's capacity; 0 for files and
   * terminals): a message is acked only once this many more bytes were taken after it. */
  unread?: number | undefined;
  /** --peek: at most this many; look at no more than `peekUpTo` (queue browse: what the queue held at the start). */
  peekLimit?: number | undefined;
  peekUpTo?: number | undefined;
  /** --where: write only the messages it matches; the others stay (a peek) or are acked unwritten. */
  where?: Where | undefined;
  /** End after writing this many (--where: the core cannot count matches), or at this stream offset (queue browse). */
  limit?: number | undefined;
  streamEnd?: number | undefined;
  /** As many messages as the prefetch allows are written and held back: the broker sends no more. */
  onStall?: () => void;
}

/** What listen did, for the summary. */
export interface ListenCounts {
  /** Written and taken by the kernel (a pipe may still hold them for its reader). */
  written: number;
  /** Delivered and not acked when the channel closed at the end: back in the queue. */
  returned: number;
}

/**
 * listen's handler for the consumer core: writes each new message (those that arrive together,
 * together) and leaves its ack to the ledger, which acks it once the reader can have read it. A
 * redelivery of a message written before a reconnect is acked in turn, never written again; what
 * is remembered of it is where its first copy's bytes end in the output.
 */
export class Listener implements Handler<number> {
  /** The stream offset of the last message written, when reading a stream: a new consumer resumes after it. */
  lastStreamOffset: number | undefined;
  private written = 0; // taken by the kernel: what the summary says was written
  private formatted = 0; // handed to the output: what --where's own --count counts
  private seen = 0; // new deliveries, matched or not: queue browse ends at what the queue held
  private handed = 0;
  private prefetchNow: number;
  private batch: { bytes: Buffer; message: Message }[] = [];
  private flushScheduled = false;
  private pendingWrites = 0;
  private waiters: (() => void)[] = [];
  private stallReported = false;
  private stopped = false;
  private returned = 0;
  private readonly ledger: AckLedger | undefined;

  constructor(
    private readonly host: ConsumerHost<number>,
    private readonly options: ListenerOptions,
  ) {
    this.prefetchNow = options.prefetch;
    this.ledger = options.noAck ? undefined : new AckLedger(options.unread ?? 0, host.memory, host.gate);
  }

  get counts(): ListenCounts {
    return { written: this.written, returned: this.returned };
  }

  prefetch(): number {
    return this.prefetchNow;
  }

  /** From now on, consumers start with this prefetch. */
  setPrefetch(prefetch: number): void {
    this.prefetchNow = prefetch;
  }

  attach(channel: Channel | undefined, prefetch: number): void {
    if (this.flushScheduled) this.flush();
    this.ledger?.use(channel);
    this.prefetchNow = channel === undefined ? this.prefetchNow : prefetch;
    this.stallReported = false;
  }

  /** Every delivered message is written and taken by the kernel (some may be held back unacked). */
  get busy(): boolean {
    return this.pendingWrites > 0 || this.batch.length > 0;
  }

  /** How many written messages wait for proof that the reader read them. */
  get heldCount(): number {
    return this.ledger?.heldCount ?? 0;
  }

  take(message: ConsumeMessage): boolean {
    // Only a stream's own header counts: a message copied from a stream to a queue may carry one too.
    const offset = this.options.stream === true ? streamOffsetOf(message) : undefined;
    if (offset !== undefined && this.lastStreamOffset !== undefined && offset <= this.lastStreamOffset) {
      // A stream consumer may start before the offset asked for (at its chunk): written already.
      this.retake(message, undefined, this.handed);
      return false;
    }
    this.seen++;
    if (this.options.where !== undefined && !this.options.where.matches(message)) {
      if (offset !== undefined) this.lastStreamOffset = offset;
      if (this.flushScheduled) this.flush();
      // Acked in turn after what was written before it, as if written: none of the reader's business.
      this.retake(message, undefined, this.handed);
      this.endAt(offset);
      return false;
    }
    let bytes: Buffer;
    try {
      bytes = this.options.format(message);
    } catch (error) {
      this.ledger?.skip(message.fields.deliveryTag);
      this.host.end({ kind: 'error', error: new BrokerError(`could not write a message: ${(error as Error).message}`, { cause: error }) });
      return false;
    }
    if (offset !== undefined) this.lastStreamOffset = offset;
    this.formatted++;
    this.batch.push({ bytes, message });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // amqplib hands over every message of a socket read in one go; write them in one go after.
      queueMicrotask(this.flush);
    }
    this.endAt(offset);
    return true;
  }

  /** --where's own count, and the ends of queue browse: what the queue held, a stream's last offset. */
  private endAt(offset: number | undefined): void {
    const { limit, streamEnd, peekUpTo } = this.options;
    if (limit !== undefined && this.formatted >= limit) this.host.end({ kind: 'count' });
    else if ((offset !== undefined && streamEnd !== undefined && offset >= streamEnd) || (peekUpTo !== undefined && this.seen >= peekUpTo))
      this.host.end({ kind: 'peeked' });
  }

  retake(message: ConsumeMessage, _channel: Channel | undefined, readBy: number): void {
    // What is batched goes first, so that the ledger holds messages in delivery order.
    if (this.flushScheduled) this.flush();
    this.ledger?.alreadyWritten(message, readBy);
    this.afterProgress();
  }

  skip(message: ConsumeMessage): void {
    this.ledger?.skip(message.fields.deliveryTag);
  }

  stop(): void {
    this.stopped = true;
  }

  released(): void {
    this.ledger?.sweep();
  }

  /** Resolves once every write handed to the output has been taken by the kernel. */
  flushed(): Promise<void> {
    if (this.flushScheduled) this.flush();
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * A normal end (--count, --drain, idle): everything written is acked; the reader has it in its
   * pipe. After a signal the reader may never read again: what it has not provably read goes back
   * to the queue, and whatever Node still holds for stdout is dropped at exit.
   */
  async settle(end: ConsumeEnd): Promise<void> {
    if (end.kind !== 'signal') await this.flushed();
    if (isNormalEnd(end)) this.ledger?.ackAll();
    this.returned = this.ledger?.unacked ?? 0;
  }

  resumeOffset(): StreamOffset | undefined {
    return this.lastStreamOffset === undefined ? undefined : this.lastStreamOffset + 1;
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

  /** --peek: takes messages one by one with basic.get and never acks them, so closing the channel puts every one back. */
  async browse(channel: Channel, queue: string, signal: AbortSignal): Promise<void> {
    const { peekLimit: limit, peekUpTo } = this.options;
    let taken = 0;
    for (let seen = 0; !signal.aborted && (limit === undefined || taken < limit) && (peekUpTo === undefined || seen < peekUpTo); seen++) {
      const message = await channel.get(queue, { noAck: false });
      if (message === false) break;
      if (this.take(message as unknown as ConsumeMessage)) taken++;
      await this.flushed();
    }
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
      if (error) this.host.end(outputEnd(error));
      else {
        this.written += batch.length;
        this.ledger?.took(data.length);
        this.afterProgress();
      }
      if (this.pendingWrites === 0) for (const resolve of this.waiters.splice(0)) resolve();
    });
  };

  /** After a write or a recognised redelivery: a full prefetch is a stall; caught up is progress. */
  private afterProgress(): void {
    if (this.stopped) return;
    this.host.progress();
    if (this.host.ended) return;
    if (this.prefetchNow > 0 && !this.stallReported && this.heldCount >= this.prefetchNow && !this.busy) {
      this.stallReported = true;
      this.options.onStall?.();
    }
  }
}
