import type { Channel, Message } from 'amqplib';

/** Acks held before one frame acks them all: fewer frames for mqcli to write and the broker to read. */
export const ACK_BATCH = 16;
/** The longest an ack waits; an ack held a little longer only means a redelivery if mqcli dies. */
const ACK_DELAY_MS = 50;

/**
 * The acks of one channel, sent in batches: one `multiple` ack for every message up to the
 * highest acked, when no message before it is still unsettled (delivered and neither acked nor
 * rejected: running, held, or waiting). Otherwise each is acked on its own, so a `multiple` ack
 * never covers a message whose command has not succeeded. Flushed when the batch is full, after
 * ACK_DELAY_MS, and before the channel is closed on purpose.
 */
export class AckBatch {
  private readonly unsettled = new Set<number>();
  private pending: Message[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly channel: Channel) {}

  /** A message arrived on the channel. */
  delivered(message: Message): void {
    this.unsettled.add(message.fields.deliveryTag);
  }

  /** A message was nacked or rejected on the channel (by the caller). */
  settled(message: Message): void {
    this.unsettled.delete(message.fields.deliveryTag);
  }

  /** Its command succeeded: acked with the next batch. Throws if the channel is closed already. */
  ack(message: Message): void {
    this.unsettled.delete(message.fields.deliveryTag);
    this.pending.push(message);
    if (this.pending.length >= ACK_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flushQuietly(), ACK_DELAY_MS);
  }

  /**
   * Sends what is held. Throws if the channel is closed; what was not sent stays held, for
   * `drop` to count (the broker redelivers those messages).
   */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const last = this.pending.reduce((high, message) => (message.fields.deliveryTag > high.fields.deliveryTag ? message : high));
    const lastTag = last.fields.deliveryTag;
    if ([...this.unsettled].every((tag) => tag > lastTag)) {
      this.channel.ack(last, true);
      this.pending = [];
      return;
    }
    while (this.pending.length > 0) {
      this.channel.ack(this.pending[0] as Message);
      this.pending.shift();
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

  /** The channel went: nothing to send any more. Returns how many acks were never sent. */
  drop(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const unsent = this.pending.length;
    this.pending = [];
    return unsent;
  }
}
