import type { Channel, Message } from 'amqplib';
import { Remembered } from './fingerprint.js';

/** A message written (or recognised as written before) and not yet acked. */
interface Held {
  tag: number;
  /** The output offset its bytes end at: read once `unread` bytes more were taken. */
  readBy: number;
  message: Message;
  since: number;
}

/**
 * Which written messages may be acked, and when: once the reader has provably read them (the
 * kernel took `unread` more bytes after them), in delivery order, on the channel that delivered
 * them. What a lost channel leaves unacked is remembered by fingerprint, so its redelivery is
 * acked without being written again.
 */
export class AckLedger {
  /** Bytes the kernel took from us. */
  private accepted = 0;
  private channel: Channel | undefined;
  private held: Held[] = [];
  /** Tags delivered on this channel and deliberately left unacked: a multiple ack must not cover them. */
  private skipped: number[] = [];
  private readonly remembered = new Remembered();

  constructor(private unread: number) {}

  /** Written messages still unacked on this channel. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Written messages whose channel was lost unacked: they come back, and are to be acked then. */
  get owed(): number {
    return this.remembered.owed;
  }

  /** Whether any written message waits to be recognised in a redelivery. */
  get remembers(): boolean {
    return this.remembered.size > 0;
  }

  get connected(): boolean {
    return this.channel !== undefined;
  }

  /** Deliveries now come from `channel`; whatever the old one left unacked is remembered. */
  use(channel: Channel | undefined): void {
    if (this.channel !== undefined && channel !== this.channel) {
      // Only what was surely not acked. An ack in flight may die with its connection too, and its
      // message then comes again, written twice; recognising it by content alone could ack an
      // identical twin that was never written, and loss is worse than a duplicate.
      for (const held of this.held) this.remembered.add(held.message, held.readBy, true);
      this.held = [];
      this.skipped = [];
    }
    this.channel = channel;
  }

  /** A message handed to the output, its bytes ending at output offset `end`. */
  hold(message: Message, end: number): void {
    this.held.push({ tag: message.fields.deliveryTag, readBy: end, message, since: Date.now() });
  }

  /** A redelivery of a message written before: held (to be acked once read), never written again. */
  recognise(message: Message): boolean {
    const readBy = this.remembered.take(message);
    if (readBy === undefined) return false;
    this.held.push({ tag: message.fields.deliveryTag, readBy, message, since: Date.now() });
    this.sweep();
    return true;
  }

  /** A delivery written before under another consumer (a stream read again from an offset): acked in turn, never written again. */
  alreadyWritten(message: Message, readBy: number): void {
    this.held.push({ tag: message.fields.deliveryTag, readBy, message, since: Date.now() });
    this.sweep();
  }

  /** A delivery left for the broker to requeue. */
  skip(tag: number): void {
    this.skipped.push(tag);
  }

  /** The kernel took `bytes` more: ack what the reader has provably read. */
  took(bytes: number): void {
    this.accepted += bytes;
    this.sweep();
  }

  /** From now on, ack what the kernel took, as for a file. */
  stopHoldingBack(): void {
    this.unread = 0;
    this.sweep();
  }

  /** A normal end: everything written is acked, read or not. */
  ackAll(): void {
    this.ack(this.held.length);
  }

  /**
   * Hands back messages held longer than `maxAgeMs` (the broker's consumer timeout would close the
   * channel over them) and remembers them, so their redelivery is held again, not written again.
   */
  refresh(maxAgeMs: number): void {
    const oldest = this.held[0];
    const channel = this.channel;
    if (oldest === undefined || channel === undefined || Date.now() - oldest.since < maxAgeMs) return;
    const last = (this.held[this.held.length - 1] as Held).tag;
    for (const held of this.held) this.remembered.add(held.message, held.readBy, true);
    this.held = [];
    try {
      channel.nack({ fields: { deliveryTag: last } } as Message, true, true);
      this.skipped = this.skipped.filter((tag) => tag > last);
    } catch {
      // The channel is gone: its messages come back anyway, and are remembered.
    }
  }

  private sweep(): void {
    const read = this.accepted - this.unread;
    let count = 0;
    while (count < this.held.length && (this.held[count] as Held).readBy <= read) count++;
    this.ack(count);
  }

  /** Acks the first `count` held messages on the current channel. */
  private ack(count: number): void {
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
    }
  }
}
