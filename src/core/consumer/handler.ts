import type { Channel, ConsumeMessage } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import type { Run } from '../context.js';
import type { CountGate } from './count-gate.js';
import type { ConsumeEnd } from './end.js';
import type { HandledMemory } from './memory.js';
import type { StreamOffset } from './stream-offset.js';

/**
 * What the consumer core gives the handler it drives: the shared memory of what was handled, the
 * --count gate every settlement goes through, and the ways to tell the core how things stand.
 */
export interface ConsumerHost<Remembered> {
  readonly run: Run;
  readonly memory: HandledMemory<Remembered>;
  readonly gate: CountGate;
  /** The first reason to stop counts. */
  end(end: ConsumeEnd): void;
  readonly ended: boolean;
  /** The handler finished with something: time to look at --count and --drain. */
  progress(): void;
  /** Messages taken (counted for --count) that will never be handled: they come again, to be counted then. */
  giveBack(count: number): void;
  /** Consumes again on the same channel with the prefetch the handler wants now. */
  resubscribe(): Promise<void>;
}

/**
 * The per-message step that `listen` (write, and hold the ack until the reader can have read it)
 * and `listen --exec` (run a command, and settle by how it ended) plug into the consumer core.
 * The core decides which deliveries are new, which are redeliveries of handled messages, and which
 * are to be left for the broker to requeue.
 */
export interface Handler<Remembered> {
  /** The prefetch wanted for a new consumer (the core lowers it to what --count still needs). */
  prefetch(): number;
  /** Before each subscription, on the new connection (--reply's channel). */
  open?(connection: BrokerConnection): Promise<void>;
  /**
   * Deliveries now come on `channel` with `prefetch` (the same channel again after a resubscribe);
   * undefined when the connection went: what the old channel delivered and did not settle is
   * remembered in the host's memory when it was handled, or given back when it was not.
   */
  attach(channel: Channel | undefined, prefetch: number): void;
  /** A new message; false when it is not one after all (a stream re-read from an offset), and is not counted. */
  take(message: ConsumeMessage, channel: Channel): boolean;
  /** A redelivery of a message handled before, with what was remembered of it. */
  retake(message: ConsumeMessage, channel: Channel, remembered: Remembered): void;
  /** Left unsettled for the broker to requeue (past --count, or after the end): no multiple ack may cover it. */
  skip(message: ConsumeMessage, channel: Channel): void;
  /** Delivered messages not yet done with (written, or run and settled). */
  readonly busy: boolean;
  /** Resolves once what was handed to the output has been taken. */
  flushed(): Promise<void>;
  /** Takes nothing more: the end has come. */
  stop(): void;
  /** A consumer's cancel was confirmed: settlements the --count gate held may go now. */
  released(): void;
  /** After the consumer is cancelled, before the connection closes: settle what is to be settled. */
  settle(end: ConsumeEnd): Promise<void>;
  /** Where a new consumer of a stream starts (after the last message handled); undefined: as asked. */
  resumeOffset?(): StreamOffset | undefined;
  /** --peek: takes the ready messages with basic.get on `channel`, settling none. */
  browse?(channel: Channel, queue: string, signal: AbortSignal): Promise<void>;
}
