import { PassThrough, Writable } from 'node:stream';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatter } from '../../../../src/core/listen/format.js';
import { Listener, type ListenerEnd } from '../../../../src/core/listen/listener.js';

const message = (tag: number, body = `m${tag}`, properties: Record<string, unknown> = {}) =>
  ({
    content: Buffer.from(body),
    fields: { deliveryTag: tag, redelivered: false, exchange: '', routingKey: 'q', consumerTag: 'c' },
    properties,
  }) as unknown as ConsumeMessage;

/** Records acks the way a channel would receive them; no broker involved, this is pure logic. */
const recordingChannel = () => {
  const acks: [number, boolean][] = [];
  return { acks, channel: { ack: (m: ConsumeMessage, multiple: boolean) => acks.push([m.fields.deliveryTag, multiple]) } as unknown as Channel };
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Listener', () => {
  const make = (output: NodeJS.WritableStream, limit?: number) => {
    const ends: ListenerEnd[] = [];
    const listener = new Listener({
      format: formatter('raw', { delimiter: Buffer.from('\n'), style: new Chalk({ level: 0 }) }),
      output,
      noAck: false,
      limit,
      onEnd: (end) => ends.push(end),
    });
    return { listener, ends };
  };

  it('writes what arrives together in one write and acks it once, after the write', async () => {
    const out = new PassThrough();
    const { listener } = make(out);
    const { acks, channel } = recordingChannel();
    listener.use(channel);
    for (const tag of [1, 2, 3]) listener.handle(message(tag));
    expect(acks).toEqual([]);
    await listener.flushed();
    expect(out.read()?.toString()).toBe('m1\nm2\nm3\n');
    expect(acks).toEqual([[3, true]]);
    expect(listener.taken).toBe(3);
  });

  it('acks nothing when the write fails, and reports the closed output', async () => {
    const failing = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })) });
    failing.on('error', () => {});
    const { listener, ends } = make(failing);
    const { acks, channel } = recordingChannel();
    listener.use(channel);
    listener.handle(message(1));
    await listener.flushed();
    expect(acks).toEqual([]);
    expect(ends).toMatchObject([{ kind: 'output-failed', error: { code: 'EPIPE' } }]);
    expect(listener.taken).toBe(0);
  });

  it('never acks on a newer channel what an older one delivered', async () => {
    let release: () => void = () => {};
    const slow = new Writable({ write: (_chunk, _encoding, callback) => (release = () => callback()) });
    const { listener } = make(slow);
    const first = recordingChannel();
    const second = recordingChannel();
    listener.use(first.channel);
    listener.handle(message(1));
    await tick();
    listener.use(second.channel);
    release();
    await listener.flushed();
    expect(first.acks).toEqual([]);
    expect(second.acks).toEqual([]);
    expect(listener.taken).toBe(1);
  });

  it('after a reconnect, acks a redelivered message it wrote without writing or counting it again', async () => {
    let release: () => void = () => {};
    const chunks: string[] = [];
    const slow = new Writable({
      write: (chunk, _encoding, callback) => {
        chunks.push(String(chunk));
        release = () => callback();
      },
    });
    const { listener, ends } = make(slow, 3);
    listener.use(recordingChannel().channel);
    listener.handle(message(1));
    listener.handle(message(2));
    await tick();
    const fresh = recordingChannel();
    listener.use(fresh.channel);
    release();
    await tick();
    const again = (tag: number, body: string) => ({ ...message(tag, body), fields: { ...message(tag).fields, redelivered: true } }) as ConsumeMessage;
    listener.handle(again(1, 'm1'));
    listener.handle(again(2, 'm2'));
    listener.handle(again(3, 'm3'));
    await tick();
    release();
    await listener.flushed();
    expect(chunks.join('')).toBe('m1\nm2\nm3\n');
    expect(fresh.acks).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(ends).toEqual([{ kind: 'count' }]);
  });

  it('reaches --count only once the messages whose acks a lost channel took along are back and acked', async () => {
    let release: () => void = () => {};
    const chunks: string[] = [];
    const slow = new Writable({
      write: (chunk, _encoding, callback) => {
        chunks.push(String(chunk));
        release = () => callback();
      },
    });
    const { listener, ends } = make(slow, 2);
    listener.use(recordingChannel().channel);
    listener.handle(message(1));
    listener.handle(message(2));
    await tick();
    // Both written, the write not yet done, and the connection goes.
    listener.use(undefined);
    release();
    await listener.flushed();
    expect(ends).toEqual([]);
    const fresh = recordingChannel();
    listener.use(fresh.channel);
    expect(ends).toEqual([]);
    const again = (tag: number) => ({ ...message(tag, `m${tag}`), fields: { ...message(tag).fields, redelivered: true } }) as ConsumeMessage;
    listener.handle(again(1));
    expect(ends).toEqual([]);
    listener.handle(again(2));
    expect(ends).toEqual([{ kind: 'count' }]);
    expect(fresh.acks).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(chunks.join('')).toBe('m1\nm2\n');
    listener.stop();
  });

  it("writing to a pipe, acks a message only once a pipe's worth of bytes followed it", async () => {
    const out = new PassThrough();
    const ends: ListenerEnd[] = [];
    // Each record is 3 bytes ("m1\n"); the "pipe" holds 6.
    const listener = new Listener({
      format: formatter('raw', { delimiter: Buffer.from('\n'), style: new Chalk({ level: 0 }) }),
      output: out,
      noAck: false,
      limit: undefined,
      unread: 6,
      onEnd: (end) => ends.push(end),
    });
    const { acks, channel } = recordingChannel();
    listener.use(channel, 100);
    for (const tag of [1, 2]) listener.handle(message(tag));
    await listener.flushed();
    expect(acks).toEqual([]);
    for (const tag of [3, 4]) listener.handle(message(tag));
    await listener.flushed();
    // 12 bytes taken: the first 6 are surely read.
    expect(acks).toEqual([[2, true]]);
    expect(listener.heldCount).toBe(2);
    listener.finish();
    expect(acks).toEqual([
      [2, true],
      [4, true],
    ]);
  });

  it('writes again an identical twin of a message it acked: a duplicate is allowed, a loss is not', async () => {
    const out = new PassThrough();
    const { listener } = make(out);
    const first = recordingChannel();
    listener.use(first.channel);
    listener.handle(message(1, 'ping'));
    await listener.flushed();
    expect(first.acks).toEqual([[1, true]]);
    listener.use(undefined);
    const fresh = recordingChannel();
    listener.use(fresh.channel);
    listener.handle({ ...message(7, 'ping'), fields: { ...message(7).fields, redelivered: true } } as ConsumeMessage);
    await listener.flushed();
    expect(out.read()?.toString()).toBe('ping\nping\n');
    expect(fresh.acks).toEqual([[7, true]]);
  });

  it('never covers a message left for the broker with a multiple ack', async () => {
    const out = new PassThrough();
    const { listener } = make(out, 1);
    const { acks, channel } = recordingChannel();
    listener.use(channel);
    listener.handle(message(1));
    listener.handle(message(2));
    const again = { ...message(3, 'x'), fields: { ...message(3).fields, redelivered: true } } as ConsumeMessage;
    listener.handle(again);
    await listener.flushed();
    expect(acks).toEqual([[1, true]]);
  });

  it('says when the prefetch is full of held messages, and hands old ones back to be held again', async () => {
    const out = new PassThrough();
    let stalls = 0;
    const listener = new Listener({
      format: formatter('raw', { delimiter: Buffer.from('\n'), style: new Chalk({ level: 0 }) }),
      output: out,
      noAck: false,
      limit: undefined,
      unread: 1000,
      onEnd: () => {},
      onStall: () => stalls++,
    });
    const nacks: [number, boolean, boolean][] = [];
    const { acks, channel } = recordingChannel();
    Object.assign(channel, { nack: (m: ConsumeMessage, multiple: boolean, requeue: boolean) => nacks.push([m.fields.deliveryTag, multiple, requeue]) });
    listener.use(channel, 2);
    listener.handle(message(1));
    listener.handle(message(2));
    await listener.flushed();
    expect(stalls).toBe(1);
    listener.refresh(0);
    expect(nacks).toEqual([[2, true, true]]);
    expect(listener.heldCount).toBe(0);
    const again = (tag: number, body: string) => ({ ...message(tag, body), fields: { ...message(tag).fields, redelivered: true } }) as ConsumeMessage;
    listener.handle(again(3, 'm1'));
    listener.handle(again(4, 'm2'));
    expect(listener.heldCount).toBe(2);
    expect(out.read()?.toString()).toBe('m1\nm2\n');
    listener.finish();
    expect(acks).toEqual([[4, true]]);
  });

  it('lets every caller of flushed() know, once the write is done', async () => {
    let release: () => void = () => {};
    let written = false;
    const slow = new Writable({
      write: (_chunk, _encoding, callback) =>
        (release = () => {
          written = true;
          callback();
        }),
    });
    const { listener } = make(slow);
    listener.use(recordingChannel().channel);
    listener.handle(message(1));
    const seen: boolean[] = [];
    const both = Promise.all([listener.flushed(), listener.flushed()].map((flushed) => flushed.then(() => seen.push(written))));
    await tick();
    expect(seen).toEqual([]);
    release();
    await both;
    expect(seen).toEqual([true, true]);
  });

  it('takes exactly --count messages and ignores the rest', async () => {
    const out = new PassThrough();
    const { listener, ends } = make(out, 2);
    listener.use(recordingChannel().channel);
    for (const tag of [1, 2, 3]) listener.handle(message(tag));
    await listener.flushed();
    expect(out.read()?.toString()).toBe('m1\nm2\n');
    expect(ends).toEqual([{ kind: 'count' }]);
  });

  it('stops, unacked, when formatting throws; and reports a cancelled consumer', async () => {
    const ends: ListenerEnd[] = [];
    const listener = new Listener({
      format: () => {
        throw new Error('boom');
      },
      output: new PassThrough(),
      noAck: false,
      limit: undefined,
      onEnd: (end) => ends.push(end),
    });
    listener.handle(message(1));
    listener.handle(null);
    expect(ends[0]).toMatchObject({ kind: 'failed' });
    expect(ends[1]).toEqual({ kind: 'cancelled' });
  });
});
