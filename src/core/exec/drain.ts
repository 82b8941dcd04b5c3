import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { QueueDepth } from '../broker/queue-depth.js';

/** What --drain needs of the session it watches. */
export interface DrainHost {
  queue: string;
  connection(): BrokerConnection | undefined;
  /** The consumer now, if there is one. */
  consumer(): { channel: Channel; tag: string } | undefined;
  /** Consumes again on `channel` (after a cancel that found more to do). */
  consumeAgain(channel: Channel): Promise<void>;
  /** Commands run or messages wait for one. */
  busy(): boolean;
  ended(): boolean;
  onDrained(): void;
}

/**
 * --drain: when nothing runs or waits, asks whether messages are ready (on a channel of its own);
 * when none are, cancels the consumer (deliveries on their way arrive before the broker confirms)
 * and, if still none are ready and none came, the queue is drained. Otherwise it consumes again.
 */
export class DrainWatch {
  private checking = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly depth: QueueDepth;

  constructor(private readonly host: DrainHost) {
    this.depth = new QueueDepth(() => host.connection(), host.queue);
  }

  /** Looks, unless busy or already looking; called whenever a message is settled. */
  check(): void {
    const { host } = this;
    const consumer = host.consumer();
    const connection = host.connection();
    if (this.checking || host.busy() || host.ended() || consumer === undefined || connection === undefined) return;
    this.checking = true;
    const { depth } = this;
    const look = async (): Promise<boolean> => {
      // A quorum queue without a leader says it is empty: seemsEmpty holds that in doubt.
      if (!(await depth.seemsEmpty())) return false;
      await consumer.channel.cancel(consumer.tag);
      if (!host.busy() && (await depth.ready()) === 0) return true;
      if (!host.ended()) await host.consumeAgain(consumer.channel);
      return false;
    };
    look()
      .then((drained) => {
        if (drained) host.onDrained();
      })
      .catch(() => {
        // A channel or the connection went: look again with a fresh channel.
        depth.forget();
      })
      .finally(() => {
        this.checking = false;
        // Ready messages that do not come (another consumer has them) get another look soon.
        if (!host.ended()) this.timer = setTimeout(() => this.check(), 100);
      });
  }

  /** The connection went: its channel with it. */
  forgetChannel(): void {
    this.depth.forget();
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
