import type { Channel, ConsumeMessage, Message } from 'amqplib';
import { Remembered } from './fingerprint.js';
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

/** A message written (or recognised as written before) and not yet acked. */
interface Held {
  tag: number;
  /** The output offset its bytes end at: read once `unread` bytes more were taken. */
  readBy: number;
  message: Message;
  since: number;
}

/** Acked messages kept in mind, because an ack in flight dies with its connection. */
const RECENT_ACKS = 4096;

/**
 * Writes each delivered message and acks it only once the reader can have read it: for a file or
 * a terminal when the write is done, for a pipe once a pipe's worth of bytes followed it. Messages
 * that arrive together are written together and acked with one `multiple` ack, on the channel that
 * delivered them. What was written and not acked when a channel went away is remembered, so its
 * redelivery is acked without being written (or counted) twice.
 */
export class Listener {
  /** Written and taken by the kernel: what the summary counts. */
  taken = 0;
  /** Handed to the output: what --count counts. */
  private written = 0;
  private channel: Channel | undefined;
  private prefetch = 0;
  private stopped = false;
  private batch: { bytes: Buffer; message: Message }[] = [];
  private flushScheduled = false;
  private pendingWrites = 0;
  private waiters: (() => void)[] = [];
  /** Bytes handed to the output, and bytes the kernel took. */
  private handed = 0;
  private accepted = 0;
  private held: Held[] = [];
  /** Tags delivered on this channel and deliberately left unacked: a multiple ack must not cover them. */
  private skipped: number[] = [];
  private recent: Message[] = [];
  private readonly remembered = new Remembered();
  private stallReported = false;
  private countReported = false;
  private unread: number;

  constructor(private readonly options: ListenerOptions) {
    this.unread = options.noAck ? 0 : (options.unread ?? 0);
  }

  /**
   * Deliveries now come from `channel` (a new one after a reconnect); undefined while there is
   * none. What the old channel delivered and we did not ack comes again: written messages among
   * them are remembered, so they are not written twice.
   */
  use(channel: Channel | undefined, prefetch = 0): void {
    if (this.channel !== undefined && channel !== this.channel) this.forgetChannel();
    this.channel = channel;
    this.prefetch = prefetch;
    this.stallReported = false;
  }

  /** Stops writing: anything delivered from now on is left unacked, for the broker to requeue. */
  stop(): void {
    this.stopped = true;
  }

  /** Every delivered message is written and taken by the kernel (some may be held back unacked). */
  get idle(): boolean {
    return this.pendingWrites === 0 && this.batch.length === 0;
  }

  /** How many written messages wait for proof that the reader read them. */
  get heldCount(): number {
    return this.held.length;
  }

  /** The consume callback. */
  readonly handle = (message: ConsumeMessage | null): void => {
    if (message === null) {
      this.options.onEnd({ kind: 'cancelled' });
      return;
    }
    const tag = message.fields.deliveryTag;
    if (this.stopped) return this.skip(tag);
    if (message.fields.redelivered && !this.options.noAck) {
      const readBy = this.remembered.take(message);
      if (readBy !== undefined) {
        // Written before its ack was lost: ack it once the first copy is read, never write it again.
        // What is batched goes first, so that `held` stays in delivery order.
        if (this.flushScheduled) this.flush();
        this.options.onMessage?.();
        this.held.push({ tag, readBy, message, since: Date.now() });
        this.sweep();
        return;
      }
    }
    if (this.options.limit !== undefined && this.written >= this.options.limit) return this.skip(tag);
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

  /** From now on, ack what the kernel took, as for a file: for a prefetch too small to hold a pipe's worth. */
  stopHoldingBack(): void {
    this.unread = 0;
    this.sweep();
  }

  /**
   * A normal end (--count, --drain, idle): everything written is acked, read or not; the reader
   * has it in its pipe and nothing more will follow.
   */
  finish(): void {
    this.ackHeld(this.held.length);
  }

  /**
   * Hands back messages held longer than `maxAgeMs` (the broker's consumer timeout would close the
   * channel over them) and remembers them, so their redelivery is held again, not written again.
   */
  refresh(maxAgeMs: number): void {
    const oldest = this.held[0];
    const channel = this.channel;
    if (oldest === undefined || channel === undefined || Date.now() - oldest.since < maxAgeMs || !this.idle) return;
    const last = (this.held[this.held.length - 1] as Held).tag;
    for (const held of this.held) this.remembered.add(held.message, held.readBy);
    this.held = [];
    try {
      channel.nack({ fields: { deliveryTag: last } } as Message, true, true);
      this.skipped = this.skipped.filter((tag) => tag > last);
    } catch {
      // The channel is gone: its messages come back anyway, and are remembered.
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const data = batch.length === 1 ? (batch[0] as { bytes: Buffer }).bytes : Buffer.concat(batch.map((item) => item.bytes));
    const now = Date.now();
    let end = this.handed;
    if (!this.options.noAck) {
      for (const { bytes, message } of batch) {
        end += bytes.length;
        this.held.push({ tag: message.fields.deliveryTag, readBy: end, message, since: now });
      }
    }
    this.handed += data.length;
    this.pendingWrites++;
    this.options.output.write(data, (error) => {
      this.pendingWrites--;
      if (error) {
        this.stop();
        this.options.onEnd({ kind: 'output-failed', error });
      } else {
        this.accepted += data.length;
        this.taken += batch.length;
        this.sweep();
        if (this.options.limit !== undefined && this.written >= this.options.limit && this.idle) {
          if (!this.countReported) this.options.onEnd({ kind: 'count' });
          this.countReported = true;
        } else if (this.idle) this.options.onIdle?.();
      }
      if (this.pendingWrites === 0) for (const resolve of this.waiters.splice(0)) resolve();
    });
  };

  /** Acks the held messages the reader has provably read, oldest first. */
  private sweep(): void {
    const read = this.accepted - this.unread;
    let count = 0;
    while (count < this.held.length && (this.held[count] as Held).readBy <= read) count++;
    this.ackHeld(count);
    const done = this.options.limit !== undefined && this.written >= this.options.limit;
    if (this.prefetch > 0 && !done && !this.stallReported && this.held.length >= this.prefetch && this.idle) {
      this.stallReported = true;
      this.options.onStall?.();
    }
  }

  /** Acks the first `count` held messages on the current channel. */
  private ackHeld(count: number): void {
    const channel = this.channel;
    if (count === 0 || channel === undefined) return;
    const acked = this.held.splice(0, count);
    // `held` is in delivery order, so a multiple ack up to the last of these covers no other held one.
    const top = (acked[acked.length - 1] as Held).tag;
    try {
      // One multiple ack, unless it would also ack a message left for the broker to requeue.
      if (this.skipped.some((tag) => tag < top)) for (const held of acked) channel.ack(held.message, false);
      else channel.ack({ fields: { deliveryTag: top } } as Message, true);
    } catch {
      // The channel is gone; the broker requeues these, and they are remembered.
      this.held.unshift(...acked);
      return;
    }
    for (const held of acked) this.recent.push(held.message);
    if (this.recent.length > 2 * RECENT_ACKS) this.recent = this.recent.slice(-RECENT_ACKS);
  }

  private skip(tag: number): void {
    if (!this.options.noAck) this.skipped.push(tag);
  }

  /** The channel is gone: whatever it wrote and did not surely ack will be redelivered. */
  private forgetChannel(): void {
    if (this.flushScheduled) this.flush();
    if (!this.options.noAck) {
      for (const message of this.recent.slice(-RECENT_ACKS)) this.remembered.add(message, 0);
      for (const held of this.held) this.remembered.add(held.message, held.readBy);
    }
    this.recent = [];
    this.held = [];
    this.skipped = [];
  }
}
