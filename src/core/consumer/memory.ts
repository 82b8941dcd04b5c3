import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';

/** At most this many remembered messages; the oldest are forgotten first. */
const MAX_REMEMBERED = 200_000;

/**
 * What identifies a message across connections, where delivery tags mean nothing: exchange,
 * routing key, every property and the body. A quorum queue adds `x-delivery-count` on each
 * redelivery, so that header is left out, and so is a table left empty without it.
 */
export function fingerprint(message: Message): string {
  const { headers, ...properties } = message.properties as { headers?: Record<string, unknown> };
  const own = headers === undefined ? [] : Object.entries(headers).filter(([key]) => key !== 'x-delivery-count');
  // A message sent with no header table comes back from a quorum queue with one holding only
  // x-delivery-count: no table and an empty one are the same here.
  const kept = own.length === 0 ? undefined : Object.fromEntries(own);
  return createHash('sha1')
    .update(JSON.stringify([message.fields.exchange, message.fields.routingKey, properties, kept ?? null]))
    .update(message.content)
    .digest('base64');
}

/**
 * Messages already handled (written by listen, run by --exec) whose channel went away before
 * their ack: the broker delivers them again, marked redelivered. Each keeps what its handler needs
 * to settle the second copy as it would have settled the first (where listen's bytes end, how
 * --exec's command ended), so the copy is recognised and settled, never handled twice.
 *
 * Only what was surely not acked is remembered: an ack in flight may die with its connection too,
 * and its message then comes again and is handled twice. Recognising it by content alone could
 * settle an identical twin that was never handled, and loss is worse than a duplicate.
 * A multiset: identical messages are counted.
 */
export class HandledMemory<T> {
  private readonly entries = new Map<string, T[]>();
  private order: string[] = [];
  private count = 0;

  /** Remembered messages: each is owed a redelivery. */
  get size(): number {
    return this.count;
  }

  add(message: Message, payload: T): void {
    const key = fingerprint(message);
    const payloads = this.entries.get(key);
    if (payloads === undefined) this.entries.set(key, [payload]);
    else payloads.push(payload);
    this.order.push(key);
    this.count++;
    if (this.count > MAX_REMEMBERED || this.order.length > 2 * MAX_REMEMBERED) this.forgetOldest();
  }

  /** What was remembered of a redelivered message, once; undefined when it was never handled. */
  take(message: Message): T | undefined {
    if (this.count === 0 || !message.fields.redelivered) return undefined;
    const key = fingerprint(message);
    const payloads = this.entries.get(key);
    if (payloads === undefined) return undefined;
    const payload = payloads.shift() as T;
    if (payloads.length === 0) this.entries.delete(key);
    this.count--;
    if (this.count === 0) this.order = [];
    return payload;
  }

  private forgetOldest(): void {
    const half = this.order.splice(0, this.order.length >> 1);
    for (const key of half) {
      const payloads = this.entries.get(key);
      if (payloads === undefined) continue;
      payloads.shift();
      this.count--;
      if (payloads.length === 0) this.entries.delete(key);
    }
  }
}
