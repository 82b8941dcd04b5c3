import type { Message } from 'amqplib';

/**
 * What makes `--count n` leave message n+1 alone. With a prefetch of P, the broker sends a
 * consumer up to P more messages than it has settled (acked, nacked or rejected): every
 * settlement makes room for one more. So a consumer started when `budget` messages are still
 * wanted, with a prefetch of min(P, budget), may settle only budget - P of them while it consumes;
 * the rest are settled once its cancel is confirmed, when no more can come. Then exactly the
 * wanted messages are delivered: none is sent only to go back marked redelivered (and, on a
 * quorum queue, to the back of the queue).
 */
export class CountGate {
  /** Per consumer tag: settlements still allowed before it is cancelled. */
  private readonly allowance = new Map<string, number>();

  /** A consumer started, with `budget` messages still wanted and a prefetch of `prefetch` (at most the budget). */
  started(consumerTag: string, budget: number, prefetch: number): void {
    this.allowance.set(consumerTag, Math.max(0, budget - prefetch));
  }

  /** Its cancel is confirmed: nothing more comes to it, so all it delivered may be settled. */
  cancelled(consumerTag: string): void {
    this.allowance.delete(consumerTag);
  }

  /** Every consumer is cancelled (or its channel gone). */
  openAll(): void {
    this.allowance.clear();
  }

  /** How many of `messages`, from the first, may be settled now; those are counted as settled. */
  admit(messages: readonly Message[]): number {
    let admitted = 0;
    for (const message of messages) {
      const tag = message.fields.consumerTag as string | undefined;
      const left = tag === undefined ? undefined : this.allowance.get(tag);
      if (left !== undefined) {
        if (left === 0) break;
        this.allowance.set(tag as string, left - 1);
      }
      admitted++;
    }
    return admitted;
  }
}

/** The prefetch for a new consumer: what the handler wants, never more than --count still needs. */
export function countedPrefetch(wanted: number, budget: number | undefined): number {
  if (budget === undefined) return wanted;
  const limit = Math.max(1, budget);
  return wanted === 0 ? Math.min(limit, 65_535) : Math.min(wanted, limit);
}
