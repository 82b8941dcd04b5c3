import { EventEmitter } from 'node:events';
import type { ConfirmChannel, Options } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { Publisher, type PublisherOptions } from '../../../../src/core/send/publisher.js';
import type { MessageSource, OutgoingMessage } from '../../../../src/core/send/sources.js';

type Confirm = (error: Error | null) => void;
interface Published {
  exchange: string;
  routingKey: string;
  body: string;
  options: Options.Publish;
  confirm: Confirm;
  settled: boolean;
}

/**
 * A confirm channel that records what is published and confirms only when the test says so.
 * `room` is how many publishes amqplib's buffer takes before publish() returns false.
 */
class FakeChannel extends EventEmitter {
  readonly published: Published[] = [];
  room = Number.POSITIVE_INFINITY;
  throwOnPublish: Error | undefined;

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish, confirm: Confirm = () => {}): boolean {
    if (this.throwOnPublish !== undefined) throw this.throwOnPublish;
    const message: Published = {
      exchange,
      routingKey,
      body: content.toString(),
      options,
      settled: false,
      confirm: (error) => {
        message.settled = true;
        confirm(error);
      },
    };
    this.published.push(message);
    this.room--;
    return this.room > 0;
  }

  /** Confirms (acks) every published message not confirmed yet. */
  ackAll(): void {
    for (const message of this.published) if (!message.settled) message.confirm(null);
  }

  /** Lost with its connection: amqplib fails the unconfirmed ones, then closes. */
  lose(): void {
    for (const message of this.published) if (!message.settled) message.confirm(new Error('channel closed'));
    this.emit('close');
  }

  get asChannel(): ConfirmChannel {
    return this as unknown as ConfirmChannel;
  }
}

const options = (change: Partial<PublisherOptions> = {}): PublisherOptions => ({
  confirm: true,
  window: 100,
  maxBodyBytes: 1000,
  properties: {},
  republish: false,
  ...change,
});
const target = { exchange: '', routingKey: 'q' };
const never = new AbortController().signal;

async function* source(...bodies: string[]): MessageSource {
  yield bodies.map((body): OutgoingMessage => ({ body: Buffer.from(body) }));
}

/** Lets pending promise callbacks and immediates run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Publisher', () => {
  it('publishes each message mandatory and persistent, and counts the confirms', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ properties: { contentType: 'text/plain' } }));
    await publisher.publishAll(source('a', 'b'), never);
    expect(channel.published.map((m) => [m.routingKey, m.body, m.options.mandatory, m.options.deliveryMode, m.options.contentType])).toEqual([
      ['q', 'a', true, 2, 'text/plain'],
      ['q', 'b', true, 2, 'text/plain'],
    ]);
    expect(channel.published[0]!.options.timestamp).toBeCloseTo(Date.now() / 1000, -1);
    expect(publisher.outstanding).toBe(2);
    channel.ackAll();
    await publisher.settle();
    expect(publisher.stats).toMatchObject({ published: 2, confirmed: 2, nacked: 0, returned: 0 });
  });

  it('keeps at most `window` unconfirmed, going on once half of them are confirmed', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ window: 4 }));
    const done = publisher.publishAll(source(...'abcdefgh'), never);
    await tick();
    expect(channel.published.map((m) => m.body)).toEqual(['a', 'b', 'c', 'd']);
    channel.published[0]!.confirm(null);
    await tick();
    expect(channel.published).toHaveLength(4); // 3 outstanding: more than half the window
    channel.published[1]!.confirm(null);
    await tick();
    expect(channel.published.map((m) => m.body)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    channel.ackAll();
    await tick();
    channel.ackAll();
    await done;
    expect(channel.published).toHaveLength(8);
    await publisher.settle();
    expect(publisher.stats.confirmed).toBe(8);
  });

  it("waits for amqplib's drain when its buffer is full", async () => {
    const channel = new FakeChannel();
    channel.room = 2;
    const publisher = new Publisher(channel.asChannel, target, options());
    const done = publisher.publishAll(source('a', 'b', 'c'), never);
    await tick();
    expect(channel.published.map((m) => m.body)).toEqual(['a', 'b']);
    channel.room = Number.POSITIVE_INFINITY;
    channel.emit('drain');
    await done;
    expect(channel.published.map((m) => m.body)).toEqual(['a', 'b', 'c']);
  });

  it('counts nacks and unroutable returns, with the reason of the first return', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options());
    await publisher.publishAll(source('a', 'b', 'c'), never);
    channel.emit('return', { fields: { replyText: 'NO_ROUTE' } });
    channel.emit('return', { fields: { replyText: 'OTHER' } });
    const [a, b, c] = channel.published;
    a!.confirm(null);
    b!.confirm(new Error('message nacked'));
    c!.confirm(null);
    await publisher.settle();
    expect(publisher.stats).toMatchObject({ published: 3, confirmed: 2, nacked: 1, returned: 2, returnReason: 'NO_ROUTE' });
  });

  it('with republish, waits out a lost channel and publishes what it took unconfirmed on the next one', async () => {
    const first = new FakeChannel();
    const publisher = new Publisher(first.asChannel, target, options({ republish: true }));
    await publisher.publishAll(source('a', 'b'), never);
    first.published[0]!.confirm(null);
    first.lose(); // 'b' was not confirmed
    const more = publisher.publishAll(source('c'), never);
    await tick();
    expect(publisher.isClosed).toBe(true);
    const second = new FakeChannel();
    publisher.attach(second.asChannel);
    await more;
    expect(second.published.map((m) => m.body)).toEqual(['b', 'c']);
    second.ackAll();
    await publisher.settle();
    expect(publisher.stats).toMatchObject({ published: 3, confirmed: 3, republished: 1 });
  });

  it('without republish, a lost channel ends publishing and leaves its messages unconfirmed', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options());
    await publisher.publishAll(source('a'), never);
    channel.lose();
    await publisher.publishAll(source('b'), never);
    await publisher.settle();
    expect(publisher.stats).toMatchObject({ published: 1, confirmed: 0 });
    expect(publisher.outstanding).toBe(1);
  });

  it('gives up, even with republish, when the broker closed the channel, and keeps its reason', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ republish: true }));
    await publisher.publishAll(source('a'), never);
    const refusal = new Error('NOT_FOUND - no exchange');
    channel.emit('error', refusal);
    channel.emit('close');
    await publisher.publishAll(source('b'), never);
    await publisher.settle();
    expect(publisher.channelError).toBe(refusal);
    expect(publisher.stats.published).toBe(1);
  });

  it('refuses a body over the limit, naming the message', async () => {
    const publisher = new Publisher(new FakeChannel().asChannel, target, options({ maxBodyBytes: 3 }));
    await expect(publisher.publishAll(source('abc', 'abcd'), never)).rejects.toThrow("message 2 is 4 bytes, over the broker's limit of 3 bytes per message");
  });

  it('turns a message amqplib cannot encode into a usage error that says where it came from', async () => {
    const channel = new FakeChannel();
    channel.throwOnPublish = new RangeError('value out of range');
    const publisher = new Publisher(channel.asChannel, target, options());
    async function* one(): MessageSource {
      yield [{ body: Buffer.from('x'), properties: {}, origin: 'line 3 of stdin' }];
    }
    const failure = publisher.publishAll(one(), never);
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow('line 3 of stdin cannot be sent: value out of range');
  });

  it("keeps a message's own properties under the flags', and a received one's timestamp as it was", async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ properties: { priority: 5 } }));
    async function* own(): MessageSource {
      yield [
        { body: Buffer.from('a'), properties: { priority: 1, contentType: 'application/json' } },
        { body: Buffer.from('b'), properties: { timestamp: 42, deliveryMode: 1 }, verbatim: true },
      ];
    }
    await publisher.publishAll(own(), never);
    const [a, b] = channel.published.map((m) => m.options);
    expect(a).toMatchObject({ priority: 5, contentType: 'application/json', deliveryMode: 2, mandatory: true });
    expect(a!.timestamp).toBeGreaterThan(0);
    expect(b).toMatchObject({ timestamp: 42, deliveryMode: 1, priority: 5, mandatory: true });
  });

  it('on Ctrl-C (signal aborted, stop()), a publish waiting for room returns, and settle() waits only for the grace', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ window: 2 }));
    const interrupted = new AbortController();
    const done = publisher.publishAll(source('a', 'b', 'c'), interrupted.signal);
    await tick();
    const grace = new AbortController();
    interrupted.abort();
    publisher.stop(grace.signal);
    await done;
    expect(channel.published).toHaveLength(2);
    let settled = false;
    const settling = publisher.settle().then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    grace.abort();
    await settling;
    expect(publisher.outstanding).toBe(2);
  });

  it('stops between messages when the signal aborts', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options());
    const abort = new AbortController();
    abort.abort();
    await publisher.publishAll(source('a', 'b'), abort.signal);
    expect(channel.published).toHaveLength(0);
  });

  it('without confirms, counts nothing as outstanding', async () => {
    const channel = new FakeChannel();
    const publisher = new Publisher(channel.asChannel, target, options({ confirm: false }));
    await publisher.publishAll(source('a', 'b'), never);
    await publisher.settle();
    expect(publisher.stats.published).toBe(2);
    expect(publisher.outstanding).toBe(0);
  });
});
