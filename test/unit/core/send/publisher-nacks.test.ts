import { EventEmitter } from 'node:events';
import type { ConfirmChannel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { Publisher, type PublisherOptions } from '../../../../src/core/send/publisher.js';
import type { MessageSource } from '../../../../src/core/send/sources.js';

/** A confirm channel that records what is published and lets the test ack, nack or close it. */
class FakeChannel extends EventEmitter {
  readonly published: { body: string; confirm: (error: Error | null) => void }[] = [];

  publish(_exchange: string, _key: string, body: Buffer, _options: unknown, confirm: (error: Error | null) => void): boolean {
    this.published.push({ body: body.toString(), confirm });
    return true;
  }

  ack(from = 0): void {
    for (const entry of this.published.slice(from)) entry.confirm(null);
  }

  nack(): void {
    for (const entry of this.published) entry.confirm(new Error('message nacked'));
  }

  /** As amqplib closes a channel: every unconfirmed publish gets an error, then 'close'. */
  lose(): void {
    for (const entry of this.published) entry.confirm(new Error('channel closed'));
    this.emit('close');
  }
}

async function* source(...bodies: string[]): MessageSource {
  yield bodies.map((body) => ({ body: Buffer.from(body) }));
}

function publisher(retry: { open: boolean }) {
  const first = new FakeChannel();
  let parked = 0;
  const options: PublisherOptions = {
    confirm: true,
    window: 100,
    maxBodyBytes: 1000,
    properties: {},
    republish: true,
    retryNack: () => retry.open,
    onParked: () => parked++,
  };
  const p = new Publisher(first as unknown as ConfirmChannel, { exchange: '', routingKey: 'q' }, options);
  return { p, first, parked: () => parked };
}

describe('Publisher and nacks', () => {
  it('counts a nack as a nack while no retry window is open', async () => {
    const { p, first } = publisher({ open: false });
    await p.publishAll(source('a', 'b'), new AbortController().signal);
    first.nack();
    expect(p.stats).toMatchObject({ published: 2, confirmed: 0, nacked: 2, retried: 0 });
    expect(p.outstanding).toBe(0);
  });

  it('parks nacks in a retry window and publishes them again on a fresh channel, where they are confirmed', async () => {
    const { p, first, parked } = publisher({ open: true });
    await p.publishAll(source('a', 'b', 'c'), new AbortController().signal);
    first.published[0]?.confirm(null);
    first.published[1]?.confirm(new Error('message nacked'));
    first.published[2]?.confirm(new Error('message nacked'));
    expect(parked()).toBe(2);
    expect(p.waiting).toBe(2);
    expect(p.outstanding).toBe(2);
    const fresh = new FakeChannel();
    p.retryParked(fresh as unknown as ConfirmChannel);
    expect(fresh.published.map((entry) => entry.body)).toEqual(['b', 'c']);
    expect(p.waiting).toBe(0);
    fresh.ack();
    await p.settle();
    expect(p.stats).toMatchObject({ published: 3, confirmed: 3, nacked: 0, retried: 2 });
  });

  it('counts what still waits as nacked once the time for retries is over', async () => {
    const { p, first } = publisher({ open: true });
    await p.publishAll(source('a', 'b'), new AbortController().signal);
    first.nack();
    p.giveUpParked();
    await p.settle();
    expect(p.stats).toMatchObject({ published: 2, confirmed: 0, nacked: 2 });
  });

  it('sends new messages on the fresh channel; what the old one left unconfirmed at its close waits for a retry', async () => {
    const { p, first } = publisher({ open: true });
    await p.publishAll(source('a', 'b'), new AbortController().signal);
    first.published[0]?.confirm(new Error('message nacked'));
    const fresh = new FakeChannel();
    p.retryParked(fresh as unknown as ConfirmChannel);
    await p.publishAll(source('c'), new AbortController().signal);
    expect(fresh.published.map((entry) => entry.body)).toEqual(['a', 'c']);
    // The old channel goes with 'b' unconfirmed: it is not lost, it waits for the next round.
    first.lose();
    expect(p.waiting).toBe(1);
    fresh.ack();
    const third = new FakeChannel();
    p.retryParked(third as unknown as ConfirmChannel);
    third.ack();
    await p.settle();
    expect(third.published.map((entry) => entry.body)).toEqual(['b']);
    expect(p.stats).toMatchObject({ published: 3, confirmed: 3, nacked: 0 });
  });

  it('publishes the parked messages too on the channel of a reconnect', async () => {
    const { p, first } = publisher({ open: true });
    await p.publishAll(source('a', 'b'), new AbortController().signal);
    first.published[0]?.confirm(new Error('message nacked'));
    first.lose();
    const next = new FakeChannel();
    p.attach(next as unknown as ConfirmChannel);
    expect(next.published.map((entry) => entry.body).sort()).toEqual(['a', 'b']);
    next.ack();
    await p.settle();
    expect(p.stats).toMatchObject({ published: 2, confirmed: 2, republished: 1, retried: 1 });
  });
});
