import type { Channel, ConfirmChannel, Message, Options } from 'amqplib';
import { UsageError } from '../errors.js';
import { DEFAULT_PROPERTIES, publishOptions } from './properties.js';
import type { Kept, PublisherOptions, PublishStats, PublishTarget } from './publish-options.js';
import { tooLarge, type MessageSource, type OutgoingMessage } from './sources.js';

export type { PublisherOptions, PublishStats, PublishTarget };

/**
 * Publishes a message source: every message mandatory, with confirms counted as they come, a
 * bounded window of unconfirmed messages, and amqplib's `drain` honoured, so memory stays flat
 * however long the input. With `republish`, a lost channel is replaced by the next attach() and
 * what it took unconfirmed is published again: at least once, never lost. A nack that `retryNack`
 * takes for a passing state parks the message until retryParked() publishes it again.
 */
export class Publisher {
  readonly stats: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0, republished: 0, retried: 0, returnReason: undefined };
  /** Why the channel closed, when the broker closed it (not when a connection was lost). */
  channelError: Error | undefined;

  private channel: Channel | ConfirmChannel;
  private closed = false;
  /** amqplib's write buffer for the channel is full: wait for its `drain`. */
  private needDrain = false;
  /** Set by stop(): once it aborts, settle() waits no more. */
  private grace: AbortSignal | undefined;
  private wake: (() => void) | undefined;
  /** Published, not yet confirmed or nacked, by publish order: kept to publish again. */
  private readonly unconfirmed = new Map<number, Kept>();
  /** Nacked while a queue fails over, or left unconfirmed by a channel given up for a fresh one: for retryParked(). */
  private readonly parked: Kept[] = [];
  private nextId = 0;

  constructor(
    channel: Channel | ConfirmChannel,
    private readonly target: PublishTarget,
    private readonly options: PublisherOptions,
  ) {
    this.channel = channel;
    this.watch(channel);
  }

  /** Published and neither confirmed nor nacked yet (including what a lost channel took along). */
  get outstanding(): number {
    const { published, confirmed, nacked } = this.stats;
    return this.options.confirm ? published - confirmed - nacked : 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Nacked messages waiting for retryParked(). */
  get waiting(): number {
    return this.parked.length;
  }

  /** A new channel after a reconnect: what the old one took unconfirmed, and what waits after a nack, is published on it again. */
  attach(channel: ConfirmChannel): void {
    const again = [...this.unconfirmed.values()];
    this.unconfirmed.clear();
    this.stats.retried += this.parked.length;
    this.use(channel, [...again, ...this.parked.splice(0)]);
    this.stats.republished += again.length;
  }

  /**
   * Publishes the parked messages again on `channel`, a fresh one: a channel that met a quorum
   * queue without a leader may go on nacking after the election (RabbitMQ 3.10), so everything
   * goes on the new channel from now on; the old one still settles what it has.
   */
  retryParked(channel: ConfirmChannel): void {
    this.stats.retried += this.parked.length;
    this.use(channel, this.parked.splice(0));
  }

  /** The time for retries is over: what waits counts as nacked. */
  giveUpParked(): void {
    this.stats.nacked += this.parked.splice(0).length;
    this.settled();
  }

  private use(channel: ConfirmChannel, messages: readonly Kept[]): void {
    this.channel = channel;
    this.closed = false;
    this.needDrain = false;
    this.channelError = undefined;
    this.watch(channel);
    for (const { body, options } of messages) this.send(body, options);
    this.resume();
  }

  /** Publishes until the source ends, `signal` aborts, or the channel is gone for good. */
  async publishAll(source: MessageSource, signal: AbortSignal): Promise<void> {
    const base: Options.Publish = { ...DEFAULT_PROPERTIES, ...this.options.properties, mandatory: true };
    for await (const batch of source) {
      // AMQP timestamps are whole seconds; one clock read per batch is enough.
      base.timestamp = Math.floor(Date.now() / 1000);
      for (const message of batch) {
        if (message.body.length > this.options.maxBodyBytes) {
          throw tooLarge(message.body.length, this.options.maxBodyBytes, `message ${this.stats.published + 1}`);
        }
        if (signal.aborted) return;
        let writable = this.tryPublish(message, base);
        // The channel is gone: wait for the next one (after a reconnect), if any is to come.
        while (writable === undefined) {
          await this.pause(() => !this.closed || this.stopping);
          if (signal.aborted || this.closed) return;
          writable = this.tryPublish(message, base);
        }
        this.stats.published++;
        if (!writable) {
          this.needDrain = true;
          await this.pause(() => !this.needDrain || this.closed || this.stopping);
        }
        if (this.outstanding >= this.options.window) await this.pause(() => this.outstanding <= this.options.window / 2 || this.stopping);
      }
    }
  }

  /** Publishes one message; false when amqplib's buffer is full, undefined when the channel is gone. */
  private tryPublish(message: OutgoingMessage, base: Options.Publish): boolean | undefined {
    if (this.closed) return undefined;
    try {
      return this.send(message.body, publishOptions(message, base, this.options));
    } catch (error) {
      // amqplib throws once the channel is closed; the close handler has the reason.
      if (this.closed) return undefined;
      // Otherwise it could not encode the message (a header value out of range, say): bad input.
      if (error instanceof TypeError || error instanceof RangeError) {
        throw new UsageError(`${message.origin ?? `message ${this.stats.published + 1}`} cannot be sent: ${error.message}`);
      }
      throw error;
    }
  }

  /**
   * Stops publishing (Ctrl-C): a publish waiting for room returns at once, even while the broker
   * blocks publishers, and settle() waits for the confirms still out only until `grace` aborts.
   */
  stop(grace: AbortSignal): void {
    if (this.grace !== undefined) return;
    this.grace = grace;
    grace.addEventListener('abort', () => this.resume(), { once: true });
    this.resume();
  }

  /** Resolves when every published message is confirmed or nacked, or the grace after stop() is over. */
  async settle(): Promise<void> {
    return this.pause(() => this.outstanding === 0 || this.grace?.aborted === true);
  }

  private get stopping(): boolean {
    return this.grace !== undefined;
  }

  /** Whether the channel is gone for good: closed by the broker, or lost with nothing to wait for. */
  private get gone(): boolean {
    return this.closed && (!this.options.republish || this.channelError !== undefined);
  }

  private send(body: Buffer, options: Options.Publish): boolean {
    const { exchange, routingKey } = this.target;
    if (!this.options.confirm) return this.channel.publish(exchange, routingKey, body, options);
    const id = this.nextId++;
    const channel = this.channel as ConfirmChannel;
    const written = channel.publish(exchange, routingKey, body, options, (error) => this.onConfirm(id, error));
    if (this.options.republish) this.unconfirmed.set(id, { body, options, channel });
    this.options.watch?.busy(true);
    return written;
  }

  private onConfirm(id: number, error: Error | null): void {
    const kept = this.unconfirmed.get(id);
    const nacked = error?.message === 'message nacked';
    if (error !== null && !nacked && this.options.republish) {
      // A lost channel reports its unconfirmed messages as errors: with republish they wait for
      // the next channel; one left behind for a fresh channel sends them to the next retry.
      if (kept !== undefined && kept.channel !== this.channel) this.park(id, kept);
      return;
    }
    this.unconfirmed.delete(id);
    if (nacked && kept !== undefined && this.options.retryNack?.() === true) {
      this.park(id, kept);
      return;
    }
    // Without republish, a lost one stays published and unconfirmed: the report says so.
    if (error === null) this.stats.confirmed++;
    else if (nacked) this.stats.nacked++;
    this.settled();
  }

  private park(id: number, kept: Kept): void {
    this.unconfirmed.delete(id);
    this.parked.push(kept);
    this.options.watch?.progress();
    this.options.onParked?.();
  }

  /** A confirm or nack came: the stall watch hears of it, and a publish waiting for room may go on. */
  private settled(): void {
    this.options.watch?.progress();
    this.options.watch?.busy(this.outstanding > 0);
    if (this.wake !== undefined && this.outstanding <= this.options.window / 2) this.resume();
  }

  private watch(channel: Channel): void {
    channel.on('return', (message: Message) => {
      this.stats.returned++;
      this.stats.returnReason ??= (message.fields as { replyText?: string }).replyText;
    });
    // A channel the broker closes gets an 'error' first; one lost with its connection does not.
    channel.on('error', (error: Error) => {
      this.channelError ??= error;
    });
    channel.on('close', () => {
      if (channel !== this.channel) return;
      this.closed = true;
      this.resume();
    });
    channel.on('drain', () => {
      this.needDrain = false;
      this.resume();
    });
  }

  /** Waits until `ready()` holds, re-checked on every confirm, drain, close or attach. */
  private pause(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.gone || ready()) {
          this.wake = undefined;
          resolve();
        } else this.wake = check;
      };
      check();
    });
  }

  private resume(): void {
    this.wake?.();
  }
}
