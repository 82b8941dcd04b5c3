import type { Channel } from 'amqplib';
import type { BrokerConnection } from './connection.js';

/**
 * How long a queue may say "no messages, no consumers" while ours is on it before that is
 * believed. A quorum queue without a leader (its node just died, the election is on) answers
 * so for a few seconds, whatever it holds; a queue that never counts consumers is still drained.
 */
export const LEADERLESS_DOUBT_MS = 30_000;

/**
 * Asks the broker how many messages a queue holds ready, on a channel of its own, for --drain
 * (listen and --exec alike). The channel is opened on first use and again after it was lost.
 */
export class QueueDepth {
  private probe: Channel | undefined;
  private doubtSince: number | undefined;

  constructor(
    private readonly connection: () => BrokerConnection | undefined,
    readonly queue: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Messages ready now. */
  async ready(): Promise<number> {
    return (await this.counts()).messageCount;
  }

  /**
   * None ready, and believably so while our consumer is on the queue: an answer that does not
   * count our consumer is in doubt until LEADERLESS_DOUBT_MS has passed.
   */
  async seemsEmpty(): Promise<boolean> {
    const { messageCount, consumerCount } = await this.counts();
    if (messageCount > 0) return false;
    if (consumerCount > 0) {
      this.doubtSince = undefined;
      return true;
    }
    this.doubtSince ??= this.now();
    return this.now() - this.doubtSince >= LEADERLESS_DOUBT_MS;
  }

  /** The channel or its connection went: the next question opens a fresh one. */
  forget(): void {
    this.probe = undefined;
  }

  private async counts(): Promise<{ messageCount: number; consumerCount: number }> {
    const connection = this.connection();
    if (connection === undefined) throw new Error('not connected');
    this.probe ??= await connection.channel();
    return this.probe.checkQueue(this.queue);
  }
}
