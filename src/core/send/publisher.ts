import type { Channel, ConfirmChannel, Message, Options } from 'amqplib';
import { DEFAULT_PROPERTIES, mergeProperties } from './properties.js';
import { UsageError } from '../errors.js';
import { tooLarge, type MessageSource, type OutgoingMessage } from './sources.js';

export interface PublishTarget {
  exchange: string;
  routingKey: string;
}

export interface PublisherOptions {
  /** Wait for publisher confirms (the default); without, messages can be lost unseen. */
  confirm: boolean;
  /** Most messages published but not yet confirmed; bounds memory on both sides. */
  window: number;
  maxBodyBytes: number;
  /** Properties from the flags; they win over a message's own. */
  properties: Options.Publish;
}

/** Counts of what happened to the messages published so far. */
export interface PublishStats {
  published: number;
  confirmed: number;
  nacked: number;
  /** Returned by the broker as unroutable (mandatory); they are confirmed too. */
  returned: number;
  /** Lost with the channel before the broker confirmed them (reported as unconfirmed). */
  lost: number;
  returnReason: string | undefined;
}

/**
 * Publishes a message source on one channel: every message mandatory, with confirms counted as
 * they come, a bounded window of unconfirmed messages, and amqplib's `drain` honoured, so memory
 * stays flat however long the input.
 */
export class Publisher {
  readonly stats: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0, lost: 0, returnReason: undefined };
  /** Why the channel closed, when the broker closed it. */
  channelError: Error | undefined;

  private closed = false;
  /** amqplib's write buffer for the channel is full: wait for its `drain`. */
  private needDrain = false;
  /** Set by stop(): once it aborts, settle() waits no more. */
  private grace: AbortSignal | undefined;
  private wake: (() => void) | undefined;
  private readonly onConfirm = (error: Error | null): void => {
    if (error === null) this.stats.confirmed++;
    else if (error.message === 'message nacked') this.stats.nacked++;
    else this.stats.lost++;
    if (this.wake !== undefined && this.outstanding <= this.options.window / 2) this.resume();
  };

  constructor(
    private readonly channel: Channel | ConfirmChannel,
    private readonly target: PublishTarget,
    private readonly options: PublisherOptions,
  ) {
    channel.on('return', (message: Message) => {
      this.stats.returned++;
      this.stats.returnReason ??= (message.fields as { replyText?: string }).replyText;
    });
    channel.on('error', (error: Error) => {
      this.channelError ??= error;
    });
    channel.on('close', () => {
      this.closed = true;
      this.resume();
    });
    channel.on('drain', () => {
      this.needDrain = false;
      this.resume();
    });
  }

  /** Published and neither confirmed, nacked nor lost yet. */
  get outstanding(): number {
    const { published, confirmed, nacked, lost } = this.stats;
    return this.options.confirm ? published - confirmed - nacked - lost : 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Publishes until the source ends, `signal` aborts, or the channel closes. */
  async publishAll(source: MessageSource, signal: AbortSignal): Promise<void> {
    const base: Options.Publish = { ...DEFAULT_PROPERTIES, ...this.options.properties, mandatory: true };
    const { exchange, routingKey } = this.target;
    for await (const batch of source) {
      // AMQP timestamps are whole seconds; one clock read per batch is enough.
      base.timestamp = Math.floor(Date.now() / 1000);
      for (const message of batch) {
        if (signal.aborted || this.closed) return;
        if (message.body.length > this.options.maxBodyBytes) {
          throw tooLarge(message.body.length, this.options.maxBodyBytes, `message ${this.stats.published + 1}`);
        }
        let writable: boolean;
        try {
          writable = this.options.confirm
            ? (this.channel as ConfirmChannel).publish(exchange, routingKey, message.body, this.optionsFor(message, base), this.onConfirm)
            : this.channel.publish(exchange, routingKey, message.body, this.optionsFor(message, base));
        } catch (error) {
          // amqplib throws once the channel is closed; the close handler has the reason.
          if (this.closed) return;
          // Otherwise it could not encode the message (a header value out of range, say): bad input.
          if (error instanceof TypeError || error instanceof RangeError) {
            throw new UsageError(`${message.origin ?? `message ${this.stats.published + 1}`} cannot be sent: ${error.message}`);
          }
          throw error;
        }
        this.stats.published++;
        if (!writable) {
          this.needDrain = true;
          await this.pause(() => !this.needDrain || this.stopping);
        }
        if (this.outstanding >= this.options.window) await this.pause(() => this.outstanding <= this.options.window / 2 || this.stopping);
      }
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

  private get stopping(): boolean {
    return this.grace !== undefined;
  }

  /** Resolves when every published message is confirmed, nacked or lost, or the grace after stop() is over. */
  async settle(): Promise<void> {
    if (this.outstanding === 0 || this.closed) return;
    return this.pause(() => this.outstanding === 0 || this.grace?.aborted === true);
  }

  /**
   * A message's own properties stand unless a flag says otherwise; a timestamp is added unless the
   * message reproduces one received (listen --json output), whose properties are kept as they were.
   */
  private optionsFor(message: OutgoingMessage, base: Options.Publish): Options.Publish {
    if (message.properties === undefined) return base;
    const merged = { ...DEFAULT_PROPERTIES, ...mergeProperties(message.properties, this.options.properties) };
    return message.verbatim ? { ...merged, mandatory: true } : { timestamp: base.timestamp, ...merged, mandatory: true };
  }

  /** Waits until `ready()` holds, re-checked on every confirm, drain or close. */
  private pause(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.closed || ready()) {
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
