import type { Channel, ConsumeMessage } from 'amqplib';
import { BrokerError } from '../errors.js';
import { CountGate } from './count-gate.js';
import type { ConsumeEnd } from './end.js';
import type { Handler } from './handler.js';
import { HandledMemory } from './memory.js';

/** After --count is reached, how long to wait for the redelivery of handled messages whose acks a lost channel took along. */
export const OWED_WAIT_MS = 10_000;

export interface DispatchOptions {
  /** `queue 'jobs'`, for the error when the broker cancels the consumer. */
  label: string;
  count: number | undefined;
  /** --idle-timeout: end once no message has come for this long. */
  idleTimeoutMs?: number | undefined;
  end: (end: ConsumeEnd) => void;
  ended: () => boolean;
  /** A message came (for --idle-timeout). */
  onMessage?: () => void;
  /** The handler caught up and --count is not reached (for --drain). */
  onCaughtUp?: () => void;
}

/**
 * The consumer core's loop, without the broker: decides for each delivery whether it is new (to
 * the handler, counted for --count), a redelivery of a message handled before a reconnect (to the
 * handler with what was remembered of it), or one to leave for the broker (past --count, or after
 * the end); and when --count is done. rabtap's messageReceiveLoop, with the memory a reconnect needs.
 */
export class Dispatch<Remembered> {
  readonly memory = new HandledMemory<Remembered>();
  readonly gate = new CountGate();
  handler!: Handler<Remembered>;
  /** New messages handed to the handler: what --count counts. */
  private taken = 0;
  private owedTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DispatchOptions) {}

  /** The consume callback of every consumer. */
  deliver(channel: Channel, message: ConsumeMessage | null): void {
    const { handler, options } = this;
    if (message === null) {
      options.end({ kind: 'error', error: new BrokerError(`the broker cancelled the consumer: ${options.label} was deleted or is no longer available`) });
      return;
    }
    if (options.ended()) {
      handler.skip(message, channel);
      return;
    }
    options.onMessage?.();
    this.resetIdle();
    const remembered = this.memory.take(message);
    if (remembered !== undefined) {
      handler.retake(message, channel, remembered);
      return;
    }
    if (options.count !== undefined && this.taken >= options.count) {
      handler.skip(message, channel);
      return;
    }
    if (handler.take(message, channel)) this.taken++;
  }

  /** The handler finished with something: --count may be done, or it is time for --drain to look. */
  progress(): void {
    const { count } = this.options;
    if (this.handler.busy || this.options.ended()) return;
    if (count === undefined || this.taken < count) {
      this.options.onCaughtUp?.();
      return;
    }
    // Exactly n leave the queue: handled messages a lost channel took along come back to be
    // settled. One that goes to another consumer instead is waited for a while, no longer.
    if (this.memory.size === 0) this.options.end({ kind: 'count' });
    else this.owedTimer ??= setTimeout(() => this.options.end({ kind: 'count' }), OWED_WAIT_MS);
  }

  /** Messages taken that will never be handled: they come again, to be counted then. */
  giveBack(count: number): void {
    this.taken -= count;
  }

  /** Messages --count still wants, counting the redeliveries owed to handled ones; undefined without --count. */
  budget(): number | undefined {
    const { count } = this.options;
    return count === undefined ? undefined : count - this.taken + this.memory.size;
  }

  /** --idle-timeout starts over: at each message, and when a consumer starts. */
  resetIdle(): void {
    const ms = this.options.idleTimeoutMs;
    if (ms === undefined || this.options.ended()) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.options.end({ kind: 'idle' }), ms);
  }

  /** --count has all it wants, counting the redeliveries it is owed. */
  satisfied(): boolean {
    const budget = this.budget();
    return budget !== undefined && budget <= 0;
  }

  clear(): void {
    clearTimeout(this.owedTimer);
    clearTimeout(this.idleTimer);
  }
}
