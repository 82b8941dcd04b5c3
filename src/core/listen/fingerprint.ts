import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';

/** At most this many remembered messages; the oldest are forgotten first. */
const MAX_REMEMBERED = 200_000;

/**
 * What identifies a message across connections, where delivery tags mean nothing: exchange,
 * routing key, every property and the body. A quorum queue adds `x-delivery-count` on each
 * redelivery, so that header is left out.
 */
export function fingerprint(message: Message): string {
  const { headers, ...properties } = message.properties as { headers?: Record<string, unknown> };
  const kept = headers === undefined ? undefined : Object.fromEntries(Object.entries(headers).filter(([key]) => key !== 'x-delivery-count'));
  return createHash('sha1')
    .update(JSON.stringify([message.fields.exchange, message.fields.routingKey, properties, kept ?? null]))
    .update(message.content)
    .digest('base64');
}

interface Entry {
  readBy: number;
  unacked: boolean;
}

/**
 * Messages written but not known to be acked when their channel went away. Each keeps the output
 * offset its bytes end at, so that a redelivered copy, which is not written again, is acked only
 * once the reader has provably read the first. A multiset: identical messages are counted.
 */
export class Remembered {
  private readonly entries = new Map<string, Entry[]>();
  private order: string[] = [];
  private count = 0;
  private definite = 0;

  get size(): number {
    return this.count;
  }

  /** Remembered messages surely left unacked (not merely acked on a channel that died): they come back. */
  get owed(): number {
    return this.definite;
  }

  /** `unacked`: surely not acked, so a redelivery is owed; otherwise its ack may have been lost. */
  add(message: Message, readBy: number, unacked: boolean): void {
    const key = fingerprint(message);
    const entry = { readBy, unacked };
    if (unacked) this.definite++;
    const offsets = this.entries.get(key);
    if (offsets === undefined) this.entries.set(key, [entry]);
    else offsets.push(entry);
    this.order.push(key);
    this.count++;
    if (this.count > MAX_REMEMBERED || this.order.length > 2 * MAX_REMEMBERED) this.forgetOldest();
  }

  /** The offset a redelivered message was first written up to, once; undefined when it never was. */
  take(message: Message): number | undefined {
    if (this.count === 0) return undefined;
    const key = fingerprint(message);
    const offsets = this.entries.get(key);
    if (offsets === undefined) return undefined;
    // Surely-unacked entries first: they are the ones owed.
    const index = Math.max(
      0,
      offsets.findIndex((entry) => entry.unacked),
    );
    const [entry] = offsets.splice(index, 1) as [Entry];
    if (offsets.length === 0) this.entries.delete(key);
    this.count--;
    if (entry.unacked) this.definite--;
    if (this.count === 0) this.order = [];
    return entry.readBy;
  }

  private forgetOldest(): void {
    const half = this.order.splice(0, this.order.length >> 1);
    for (const key of half) {
      const offsets = this.entries.get(key);
      if (offsets === undefined) continue;
      if ((offsets.shift() as Entry).unacked) this.definite--;
      this.count--;
      if (offsets.length === 0) this.entries.delete(key);
    }
  }
}
