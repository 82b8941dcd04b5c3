/** How long nacks after a failover are waited out, unless --retry-nacks says: minutes, as a leader election may take. */
export const DEFAULT_RETRY_NACKS_S = 300;

/** The wait before each round of publishing nacked messages again: 1 s, doubling to this. */
const MAX_DELAY_MS = 5000;

/**
 * When a nack is a passing state. RabbitMQ nacks at once what a queue refuses (`x-overflow
 * reject-publish` on a full queue): that stays a nack. But a channel that reaches a quorum queue
 * while its leader's node is gone nacks everything until a new leader is elected, and on 3.10
 * goes on nacking after it; AMQP does not say which queue leads where, so mqcli takes the nacks
 * that come within `boundMs` of a failover of its own for that state, and tries a fresh channel
 * (send and queue move).
 */
export class NackRetry {
  private failedOverAt: number | undefined;
  private rounds = 0;
  /** Failovers so far: each opens a window of its own. */
  failovers = 0;

  constructor(
    readonly boundMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The connection came back after a loss: a new window for retries opens. */
  failedOver(): void {
    this.failedOverAt = this.now();
    this.rounds = 0;
    this.failovers++;
  }

  /** Whether a nack now is taken for a queue failing over, to be published again. */
  get open(): boolean {
    return this.boundMs > 0 && this.failedOverAt !== undefined && this.now() - this.failedOverAt < this.boundMs;
  }

  /** Whether a failover happened at all. */
  get failedOverOnce(): boolean {
    return this.failedOverAt !== undefined;
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

/** 300000 → "300 s": the bound is whole seconds, and so is what is said about it. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
