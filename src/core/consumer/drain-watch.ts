import type { BrokerConnection } from '../broker/connection.js';
import { QueueDepth } from '../broker/queue-depth.js';
import { exclusive, type Subscription } from './subscription.js';

/** What --drain needs of the consumer it watches. */
export interface DrainHost {
  connection(): BrokerConnection | undefined;
  /** The consumer now, if there is one. */
  subscription(): Subscription | undefined;
  /** Something delivered is still being handled: written, or its command run and settled. */
  busy(): boolean;
  /** Resolves once what was handed to the handler is done with (listen: taken by the kernel). */
  flushed(): Promise<void>;
  cancel(subscription: Subscription): Promise<void>;
  /** Consumes again on the subscription's channel (after a cancel that found more to do). */
  consumeAgain(subscription: Subscription): Promise<void>;
  ended(): boolean;
  onDrained(): void;
}

/** How soon to look again when messages are ready but none came, or a look failed. */
const AGAIN_MS = 100;

/**
 * --drain: whenever nothing delivered is being handled, asks the broker (on a channel of its own)
 * whether messages are ready. When none are, the consumer is cancelled (deliveries already on
 * their way arrive before the broker confirms the cancel) and, if still none are ready and none
 * came, the queue is drained; otherwise it consumes again.
 */
export class DrainWatch {
  private checking = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private depth: QueueDepth | undefined;

  constructor(private readonly host: DrainHost) {}

  /** Looks, unless busy or already looking; called whenever the handler has caught up. */
  check(): void {
    const { host } = this;
    const subscription = host.subscription();
    if (this.stopped || this.checking || subscription === undefined || host.busy() || host.ended()) return;
    this.checking = true;
    // A reconnect may consume from another queue (a tap's own queue is new each time).
    if (this.depth?.queue !== subscription.queue) this.depth = new QueueDepth(() => host.connection(), subscription.queue);
    const depth = this.depth;
    const look = async (): Promise<boolean> => {
      // A quorum queue without a leader says it is empty: seemsEmpty holds that in doubt.
      if (!(await depth.seemsEmpty())) return false;
      return exclusive(subscription, async () => {
        await host.cancel(subscription);
        await host.flushed();
        if (!host.busy() && (await depth.ready()) === 0) return true;
        if (!host.ended()) await host.consumeAgain(subscription);
        return false;
      });
    };
    look()
      .then((drained) => {
        if (drained) host.onDrained();
        else this.again();
      })
      .catch(() => {
        // A channel or the connection went: look again with a fresh channel; after a reconnect,
        // the new subscription starts the checks again.
        depth.forget();
        this.again();
      })
      .finally(() => {
        this.checking = false;
      });
  }

  /** The connection went, and the depth's channel with it. */
  forgetChannel(): void {
    this.depth?.forget();
  }

  clear(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Ready messages that do not come to us (another consumer has them) get another look soon. */
  private again(): void {
    if (this.stopped || this.host.ended()) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), AGAIN_MS);
  }
}
