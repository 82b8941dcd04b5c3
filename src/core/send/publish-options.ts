import type { ConfirmChannel, Options } from 'amqplib';
import type { StallWatch } from '../broker/stall-watch.js';
import type { TypedTable } from '../wire/typed-value.js';

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
  /** Asked at each nack: whether to keep the message for retryParked() instead of counting it nacked. */
  retryNack?: (() => boolean) | undefined;
  /** A nacked message was kept (parked) for retryParked(). */
  onParked?: (() => void) | undefined;
  /** Told of every confirm or nack, and whether anything is still outstanding: for the stall watch. */
  watch?: Pick<StallWatch, 'busy' | 'progress'> | undefined;
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
  /** Published again after a nack, while a queue failed over (--retry-nacks); one message may count more than once. */
  retried: number;
  returnReason: string | undefined;
}

/** A message kept until confirmed, with the channel it went out on. */
export interface Kept {
  body: Buffer;
  options: Options.Publish;
  channel: ConfirmChannel;
}
