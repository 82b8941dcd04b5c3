import type { Channel, Message } from 'amqplib';
import type { CountGate } from '../consumer/count-gate.js';

/** Acks held before one frame acks them all: fewer frames for mqcli to write and the broker to read. */
export const ACK_BATCH = 16;
/** The longest an ack waits; an ack held a little longer only means a redelivery if mqcli dies. */
const ACK_DELAY_MS = 50;

/** A message settled but not acked: requeued or rejected. */
export interface Nack {
  message: Message;
  requeue: boolean;
}

/** What a channel gone never got: the broker has put those messages back, and delivers them again. */
export interface Unsent {
  acks: Message[];
  nacks: Nack[];
}

/**
 * The settlements of one channel. Acks go in batches: one `multiple` ack for every message up to
 * the highest acked, when no message before it is still unsettled (delivered and neither acked
 * nor rejected: running, held, or waiting); otherwise each is acked on its own, so a `multiple`
 * ack never covers a message whose command has not succeeded. Flushed when the batch is full,
 * after ACK_DELAY_MS, and before the channel is closed on purpose. Every settlement passes the
 * --count gate first; what it holds goes once the consumer's cancel is confirmed (`flush` again).
 */
export class AckBatch {
  private readonly unsettled = new Set<number>();
  private pending: Message[] = [];
  private nacks: Nack[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly channel: Channel,
    private readonly gate: CountGate,
  ) {}

  /** A message arrived on the channel. */
  delivered(message: Message): void {
    this.unsettled.add(message.fields.deliveryTag);
  }

  /** Its command succeeded: acked with the next batch. Throws if the channel is closed already. */
  ack(message: Message): void {
    this.unsettled.delete(message.fields.deliveryTag);
    this.pending.push(message);
    if (this.pending.length >= ACK_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flushQuietly(), ACK_DELAY_MS);
  }

  /** Requeues or rejects it, at once unless the gate holds it. Throws if the channel is closed already. */
  nack(message: Message, requeue: boolean): void {
    this.unsettled.delete(message.fields.deliveryTag);
    this.nacks.push({ message, requeue });
    this.sendNacks();
  }

  /**
   * Sends what is held and the gate lets go. Throws if the channel is closed; what was not sent
   * stays held, for `drop` to hand over.
   */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sendNacks();
    if (this.pending.length === 0) return;
    const admitted = this.gate.admit(this.pending);
    if (admitted === 0) return;
    const going = this.pending.slice(0, admitted);
    const last = going.reduce((high, message) => (message.fields.deliveryTag > high.fields.deliveryTag ? message : high));
    const lastTag = last.fields.deliveryTag;
    const held = this.pending.slice(admitted).map((message) => message.fields.deliveryTag);
    if ([...this.unsettled, ...held].every((tag) => tag > lastTag)) {
      this.channel.ack(last, true);
      this.pending = this.pending.slice(admitted);
      return;
    }
    for (let sent = 0; sent < admitted; sent++) {
      this.channel.ack(this.pending[0] as Message);
      this.pending.shift();
    }
  }

  /** The channel went: nothing to send any more. Returns what was never sent. */
  drop(): Unsent {
    clearTimeout(this.timer);
    this.timer = undefined;
    const unsent = { acks: this.pending, nacks: this.nacks };
    this.pending = [];
    this.nacks = [];
    return unsent;
  }

  private sendNacks(): void {
    const admitted = this.gate.admit(this.nacks.map((nack) => nack.message));
    for (let sent = 0; sent < admitted; sent++) {
      const { message, requeue } = this.nacks[0] as Nack;
      this.channel.nack(message, false, requeue);
      this.nacks.shift();
    }
  }

  /** The timer's flush: a channel gone meanwhile has put the messages back already. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // Closed: the broker redelivers them (duplicates, never losses).
    }
  }
}
