import type { ConfirmChannel } from 'amqplib';
import { isConnectionGone } from '../broker/error-map.js';
import { formatCount, plural } from '../../ui/format.js';
import type { Logger } from '../../ui/log.js';
import type { Publisher } from './publisher.js';

/** How often a line says that nacked messages are still being published again. */
const NOTICE_EVERY_MS = 5000;
/** The wait before each round of publishing nacked messages again: 1 s, doubling to this. */
const MAX_DELAY_MS = 5000;

/**
 * When a nack is a passing state. RabbitMQ nacks at once what a queue refuses (`x-overflow
 * reject-publish` on a full queue): that stays a nack. But a channel that reaches a quorum queue
 * while its leader's node is gone nacks everything until a new leader is elected, and on 3.10
 * goes on nacking after it; AMQP does not say which queue leads where, so mqcli takes the nacks
 * that come within `boundMs` of a failover of its own for that state, and tries a fresh channel.
 */
export class NackRetry {
  private failedOverAt: number | undefined;
  private rounds = 0;

  constructor(
    readonly boundMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The connection came back after a loss: a new window for retries opens. */
  failedOver(): void {
    this.failedOverAt = this.now();
    this.rounds = 0;
  }

  /** Whether a nack now is taken for a queue failing over, to be published again. */
  get open(): boolean {
    return this.boundMs > 0 && this.failedOverAt !== undefined && this.now() - this.failedOverAt < this.boundMs;
  }

  /** Milliseconds since the last failover. */
  get sinceFailover(): number {
    return this.failedOverAt === undefined ? 0 : this.now() - this.failedOverAt;
  }

  /** The wait before the next round: 1 s, 2 s, 4 s, then every 5 s. */
  nextDelay(): number {
    return Math.min(MAX_DELAY_MS, 1000 * 2 ** this.rounds++);
  }
}

/** What the rounds need from the send session. */
export interface RoundDeps {
  publisher: () => Publisher | undefined;
  /** A fresh confirm channel on the current connection, ready to publish on. */
  openChannel: () => Promise<ConfirmChannel>;
  log: Logger;
  /** `queue 'jobs'`, as the send names its destination. */
  destination: string;
}

/**
 * Publishes nacked messages again, in rounds with a backoff, each on a fresh channel, while the
 * retry window is open; says so on stderr, a line every few seconds; once the window has closed,
 * what still waits counts as nacked.
 */
export class NackRounds {
  private timer: NodeJS.Timeout | undefined;
  private lastNotice: number | undefined;

  constructor(
    readonly policy: NackRetry,
    private readonly deps: RoundDeps,
  ) {}

  /** A nacked message was parked: a round is due. */
  parked(): void {
    if (this.timer !== undefined) return;
    const { log, destination } = this.deps;
    if (this.lastNotice === undefined) {
      this.lastNotice = performance.now();
      log.warn(
        `the broker nacks messages for ${destination} since the failover (a quorum queue electing a new leader?); ` +
          `publishing them again for up to ${seconds(this.policy.boundMs)} (--retry-nacks)`,
      );
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.round();
    }, this.policy.nextDelay());
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async round(): Promise<void> {
    const publisher = this.deps.publisher();
    // After a reconnect, attach() publishes them: the round has nothing to do.
    if (publisher === undefined || publisher.waiting === 0 || publisher.isClosed) return;
    const { log, destination } = this.deps;
    if (!this.policy.open) {
      log.warn(
        `${destination} still nacks ${seconds(this.policy.sinceFailover)} after the failover (--retry-nacks ${Math.round(this.policy.boundMs / 1000)}): ` +
          `${plural(publisher.waiting, 'message')} count as nacked`,
      );
      publisher.giveUpParked();
      return;
    }
    let channel: ConfirmChannel;
    try {
      channel = await this.deps.openChannel();
    } catch (error) {
      if (!isConnectionGone(error)) this.parked();
      return;
    }
    if (performance.now() - (this.lastNotice ?? 0) >= NOTICE_EVERY_MS) {
      this.lastNotice = performance.now();
      log.info(
        `still waiting for ${destination} to take ${formatCount(publisher.waiting)} nacked messages: publishing them again, ` +
          `${seconds(this.policy.sinceFailover)} after the failover`,
      );
    }
    publisher.retryParked(channel);
  }
}

/** 300000 → "300 s": the bound is whole seconds, and so is what is said about it. */
function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
