import type { Channel, Message } from 'amqplib';
import type { CountGate } from '../consumer/count-gate.js';
import type { HandledMemory } from '../consumer/memory.js';

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
 * kernel took `unread` more bytes after them) and the --count gate lets them go, in delivery
 * order, on the channel that delivered them. What a lost channel leaves unacked goes into the
 * consumer's memory with the output offset its bytes end at, so its redelivery is acked once that
 * offset is read, without being written again.
 */
export class AckLedger {
  /** Bytes the kernel took from us. */
  private accepted = 0;
  private channel: Channel | undefined;
  private held: Held[] = [];
  /** Tags delivered on this channel and deliberately left unacked: a multiple ack must not cover them. */
  private skipped: number[] = [];

  constructor(
    private unread: number,
    private readonly remembered: HandledMemory<number>,
    private readonly gate: CountGate,
  ) {}

  /** Written messages still unacked on this channel. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Delivered on this channel and not acked: what goes back to the queue if it closes now. */
  get unacked(): number {
    return this.held.length + this.skipped.length;
  }

  /** Deliveries now come from `channel`; whatever the old one left unacked is remembered. */
  use(channel: Channel | undefined): void {
    if (this.channel !== undefined && channel !== this.channel) {
      // Only what was surely not acked (see HandledMemory).
      for (const held of this.held) this.remembered.add(held.message, held.readBy);
      this.held = [];
      this.skipped = [];
    }
    this.channel = channel;
  }

  /** A message handed to the output, its bytes ending at output offset `end`. */
  hold(message: Message, end: number): void {
    this.held.push({ tag: message.fields.deliveryTag, readBy: end, message, since: Date.now() });
  }

  /**
   * A delivery written before, its bytes ending at `readBy`: a redelivery after a reconnect, or a
   * stream read again from an offset. Acked in turn once read, never written again.
   */
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
    for (const held of this.held) this.remembered.add(held.message, held.readBy);
    this.held = [];
    try {
      channel.nack({ fields: { deliveryTag: last } } as Message, true, true);
      this.skipped = this.skipped.filter((tag) => tag > last);
    } catch {
      // The channel is gone: its messages come back anyway, and are remembered.
    }
  }

  /** Acks what is read, and what the --count gate lets go. */
  sweep(): void {
    const read = this.accepted - this.unread;
    let count = 0;
    while (count < this.held.length && (this.held[count] as Held).readBy <= read) count++;
    this.ack(count);
  }

  /** Acks the first `count` held messages on the current channel. */
  private ack(wanted: number): void {
    const channel = this.channel;
    if (wanted === 0 || channel === undefined) return;
    const count = this.gate.admit(this.held.slice(0, wanted).map((held) => held.message));
    if (count === 0) return;
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
