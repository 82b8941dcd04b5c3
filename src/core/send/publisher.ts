import type { Channel, ConfirmChannel, Message, Options } from 'amqplib';
import { UsageError } from '../errors.js';
import { publishHeaders, withClusterId } from '../wire/typed-headers.js';
import type { TypedTable } from '../wire/typed-value.js';
import { DEFAULT_PROPERTIES, mergeProperties, withFlagHeaders } from './properties.js';
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
  /** The -H headers, typed: laid over an envelope's own header table, key by key. */
  headers?: TypedTable | undefined;
  /**
   * Keep unconfirmed messages, and when a lost connection takes the channel, wait for attach()
   * and publish them again instead of giving up.
   */
  republish: boolean;
}

/** Counts of what happened to the messages published so far. */
export interface PublishStats {
  published: number;
  confirmed: number;
  nacked: number;
  /** Returned by the broker as unroutable (mandatory); they are confirmed too. */
  returned: number;
  /** Published again on a new channel after a lost one took them unconfirmed. */
  republished: number;
  returnReason: string | undefined;
}

/**
 * Publishes a message source: every message mandatory, with confirms counted as they come, a
 * bounded window of unconfirmed messages, and amqplib's `drain` honoured, so memory stays flat
 * however long the input. With `republish`, a lost channel is replaced by the next attach() and
 * what it took unconfirmed is published again: at least once, never lost.
 */
export class Publisher {
  readonly stats: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0, republished: 0, returnReason: undefined };
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
  private readonly unconfirmed = new Map<number, { body: Buffer; options: Options.Publish }>();
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

  /** A new channel after a reconnect: what the old one took unconfirmed is published on it again. */
  attach(channel: ConfirmChannel): void {
    this.channel = channel;
    this.closed = false;
    this.needDrain = false;
    this.channelError = undefined;
    this.watch(channel);
    const again = [...this.unconfirmed];
    this.unconfirmed.clear();
    for (const [, { body, options }] of again) this.send(body, options);
    this.stats.republished += again.length;
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
      return this.send(message.body, this.optionsFor(message, base));
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
    const written = (this.channel as ConfirmChannel).publish(exchange, routingKey, body, options, (error) => this.onConfirm(id, error));
    if (this.options.republish) this.unconfirmed.set(id, { body, options });
    return written;
  }

  private onConfirm(id: number, error: Error | null): void {
    // A lost channel reports its unconfirmed messages as errors: with republish they wait for the next channel.
    if (error !== null && error.message !== 'message nacked' && this.options.republish) return;
    this.unconfirmed.delete(id);
    // Without republish, a lost one stays published and unconfirmed: the report says so.
    if (error === null) this.stats.confirmed++;
    else if (error.message === 'message nacked') this.stats.nacked++;
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

  /**
   * A message's own properties stand unless a flag says otherwise; a timestamp is added unless the
   * message reproduces one received (listen --json output), whose properties are kept as they were.
   */
  private optionsFor(message: OutgoingMessage, base: Options.Publish): Options.Publish {
    if (message.properties === undefined) return base;
    const merged = { ...DEFAULT_PROPERTIES, ...mergeProperties(message.properties, this.options.properties) };
    if (message.headers !== undefined) merged.headers = publishHeaders(withFlagHeaders(message.headers, this.options.headers));
    // An envelope's clusterId, which amqplib's publish() would drop, goes to the typed hook (raw-publish.ts).
    return withClusterId(message.verbatim ? { ...merged, mandatory: true } : { timestamp: base.timestamp, ...merged, mandatory: true });
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
