import type { ConfirmChannel } from 'amqplib';
import { isConnectionGone } from '../broker/error-map.js';
import { type NackRetry, seconds } from '../broker/nack-retry.js';
import { plural } from '../../ui/format.js';
import type { Logger } from '../../ui/log.js';
import type { Publisher } from './publisher.js';

/** How often a line says that nacked messages are still being published again. */
const NOTICE_EVERY_MS = 5000;

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
  /** The failover the first line was said for: the next one gets its own. */
  private toldOf = 0;

  constructor(
    readonly policy: NackRetry,
    private readonly deps: RoundDeps,
  ) {}

  /** A nacked message was parked: a round is due. */
  parked(): void {
    if (this.timer !== undefined) return;
    const { log, destination } = this.deps;
    if (this.toldOf !== this.policy.failovers) {
      this.toldOf = this.policy.failovers;
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
        `still waiting for ${destination} to take ${plural(publisher.waiting, 'nacked message')}: publishing them again, ` +
          `${seconds(this.policy.sinceFailover)} after the failover`,
      );
    }
    publisher.retryParked(channel);
  }
}
