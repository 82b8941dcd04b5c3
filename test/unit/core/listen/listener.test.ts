// listen's handler under the consumer core's real Dispatch, without a broker: writes, acks once
// the reader can have read, recognises redeliveries after a reconnect, and --count.
import { PassThrough, Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { Listener, type ListenerOptions } from '../../../../src/core/listen/listener.js';
import { formatter } from '../../../../src/core/listen/message-bytes.js';
import { consumerHarness, delivery, recordingChannel } from '../../../helpers/consumer-host.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const again = (tag: number, body = `m${tag}`) => delivery(tag, body, { redelivered: true });

/** An output whose writes are taken only when the test says so; it records what was written. */
function slowOutput() {
  const chunks: string[] = [];
  let taken: () => void = () => {};
  const slow = new Writable({
    write: (chunk, _encoding, callback) => {
      chunks.push(String(chunk));
      taken = () => callback();
    },
  });
  return { slow, chunks, release: () => taken() };
}

function make(output: NodeJS.WritableStream, count?: number, options: Partial<ListenerOptions> = {}) {
  return consumerHarness<number, Listener>(
    (host) =>
      new Listener(host, {
        format: formatter('raw', { delimiter: Buffer.from('\n'), style: new Chalk({ level: 0 }) }),
        output,
        noAck: false,
        prefetch: 100,
        ...options,
      }),
    count,
  );
}

describe('Listener', () => {
  it('writes what arrives together in one write and acks it once, after the write', async () => {
    const out = new PassThrough();
    const { handler: listener, deliver } = make(out);
    const { acks, channel } = recordingChannel();
    listener.attach(channel, 100);
    for (const tag of [1, 2, 3]) deliver(channel, delivery(tag));
    expect(acks).toEqual([]);
    await listener.flushed();
    expect(out.read()?.toString()).toBe('m1\nm2\nm3\n');
    expect(acks).toEqual([[3, true]]);
    expect(listener.counts.written).toBe(3);
  });

  it('acks nothing when the write fails, and ends as a reader that went away', async () => {
    const failing = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })) });
    failing.on('error', () => {});
    const { handler: listener, deliver, ends } = make(failing);
    const { acks, channel } = recordingChannel();
    listener.attach(channel, 100);
    deliver(channel, delivery(1));
    await listener.flushed();
    expect(acks).toEqual([]);
    expect(ends).toEqual([{ kind: 'output-closed' }]);
  });

  it('never acks on a newer channel what an older one delivered', async () => {
    let release: () => void = () => {};
    const slow = new Writable({ write: (_chunk, _encoding, callback) => (release = () => callback()) });
    const { handler: listener, deliver } = make(slow);
    const first = recordingChannel();
    const second = recordingChannel();
    listener.attach(first.channel, 100);
    deliver(first.channel, delivery(1));
    await tick();
    listener.attach(second.channel, 100);
    release();
    await listener.flushed();
    expect(first.acks).toEqual([]);
    expect(second.acks).toEqual([]);
  });

  it('after a reconnect, acks a redelivered message it wrote without writing or counting it again', async () => {
    const { slow, chunks, release } = slowOutput();
    const { handler: listener, deliver, ends, dispatch } = make(slow, 3);
    const old = recordingChannel();
    listener.attach(old.channel, 3);
    deliver(old.channel, delivery(1));
    deliver(old.channel, delivery(2));
    await tick();
    const fresh = recordingChannel();
    listener.attach(fresh.channel, 3);
    // The two written before the loss are owed: the budget counts them.
    expect(dispatch.budget()).toBe(3);
    release();
    await tick();
    deliver(fresh.channel, again(1));
    deliver(fresh.channel, again(2));
    deliver(fresh.channel, again(3));
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
    const { slow, chunks, release } = slowOutput();
    const { handler: listener, deliver, ends } = make(slow, 2);
    listener.attach(recordingChannel().channel, 2);
    deliver(recordingChannel().channel, delivery(1));
    deliver(recordingChannel().channel, delivery(2));
    await tick();
    // Both written, the write not yet done, and the connection goes.
    listener.attach(undefined, 0);
    release();
    await listener.flushed();
    expect(ends).toEqual([]);
    const fresh = recordingChannel();
    listener.attach(fresh.channel, 2);
    deliver(fresh.channel, again(1));
    expect(ends).toEqual([]);
    deliver(fresh.channel, again(2));
    expect(ends).toEqual([{ kind: 'count' }]);
    expect(fresh.acks).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(chunks.join('')).toBe('m1\nm2\n');
  });

  it("writing to a pipe, acks a message only once a pipe's worth of bytes followed it", async () => {
    const out = new PassThrough();
    // Each record is 3 bytes ("m1\n"); the "pipe" holds 6.
    const { handler: listener, deliver } = make(out, undefined, { unread: 6 });
    const { acks, channel } = recordingChannel();
    listener.attach(channel, 100);
    for (const tag of [1, 2]) deliver(channel, delivery(tag));
    await listener.flushed();
    expect(acks).toEqual([]);
    for (const tag of [3, 4]) deliver(channel, delivery(tag));
    await listener.flushed();
    // 12 bytes taken: the first 6 are surely read.
    expect(acks).toEqual([[2, true]]);
    expect(listener.heldCount).toBe(2);
    await listener.settle({ kind: 'idle' });
    expect(acks).toEqual([
      [2, true],
      [4, true],
    ]);
  });

  it('hands back, unacked, what the reader cannot have read when it went away', async () => {
    const out = new PassThrough();
    const { handler: listener, deliver } = make(out, undefined, { unread: 1000 });
    const { acks, channel } = recordingChannel();
    listener.attach(channel, 100);
    for (const tag of [1, 2, 3]) deliver(channel, delivery(tag));
    await listener.flushed();
    await listener.settle({ kind: 'output-closed' });
    expect(acks).toEqual([]);
    expect(listener.counts).toEqual({ written: 3, returned: 3 });
  });

  it('writes again an identical twin of a message it acked: a duplicate is allowed, a loss is not', async () => {
    const out = new PassThrough();
    const { handler: listener, deliver } = make(out);
    const first = recordingChannel();
    listener.attach(first.channel, 100);
    deliver(first.channel, delivery(1, 'ping'));
    await listener.flushed();
    expect(first.acks).toEqual([[1, true]]);
    listener.attach(undefined, 0);
    const fresh = recordingChannel();
    listener.attach(fresh.channel, 100);
    deliver(fresh.channel, again(7, 'ping'));
    await listener.flushed();
    expect(out.read()?.toString()).toBe('ping\nping\n');
    expect(fresh.acks).toEqual([[7, true]]);
  });

  it('with --count, leaves the next message alone: the last acks wait for the cancel, and one past the count is not acked', async () => {
    const out = new PassThrough();
    const { handler: listener, deliver, dispatch, ends } = make(out, 1);
    const { acks, channel } = recordingChannel();
    dispatch.gate.started('c', 1, 1);
    listener.attach(channel, 1);
    deliver(channel, delivery(1));
    deliver(channel, delivery(2));
    await listener.flushed();
    expect(out.read()?.toString()).toBe('m1\n');
    // Acking m1 now would let the broker send m2: it waits until the consumer is cancelled.
    expect(acks).toEqual([]);
    expect(ends).toEqual([{ kind: 'count' }]);
    dispatch.gate.cancelled('c');
    listener.released();
    await listener.settle({ kind: 'count' });
    // A multiple ack up to m1 leaves m2, never written, for the broker.
    expect(acks).toEqual([[1, true]]);
    expect(listener.counts.returned).toBe(1);
  });

  it('says when the prefetch is full of held messages, and hands old ones back to be held again', async () => {
    const out = new PassThrough();
    let stalls = 0;
    const { handler: listener, deliver } = make(out, undefined, { unread: 1000, onStall: () => stalls++ });
    const { acks, nacks, channel } = recordingChannel();
    listener.attach(channel, 2);
    deliver(channel, delivery(1));
    deliver(channel, delivery(2));
    await listener.flushed();
    expect(stalls).toBe(1);
    listener.refresh(0);
    expect(nacks).toEqual([[2, true, true]]);
    expect(listener.heldCount).toBe(0);
    deliver(channel, again(3, 'm1'));
    deliver(channel, again(4, 'm2'));
    expect(listener.heldCount).toBe(2);
    expect(out.read()?.toString()).toBe('m1\nm2\n');
    await listener.settle({ kind: 'drained' });
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
    const { handler: listener, deliver } = make(slow);
    const { channel } = recordingChannel();
    listener.attach(channel, 100);
    deliver(channel, delivery(1));
    const seen: boolean[] = [];
    const both = Promise.all([listener.flushed(), listener.flushed()].map((flushed) => flushed.then(() => seen.push(written))));
    await tick();
    expect(seen).toEqual([]);
    release();
    await both;
    expect(seen).toEqual([true, true]);
  });

  it('takes exactly --count messages and leaves the rest', async () => {
    const out = new PassThrough();
    const { handler: listener, deliver, ends } = make(out, 2);
    const { channel } = recordingChannel();
    listener.attach(channel, 2);
    for (const tag of [1, 2, 3]) deliver(channel, delivery(tag));
    await listener.flushed();
    expect(out.read()?.toString()).toBe('m1\nm2\n');
    expect(ends).toEqual([{ kind: 'count' }]);
  });

  it('ends with an error, unacked, when formatting throws; and when the broker cancels the consumer', async () => {
    const failing = consumerHarness<number, Listener>(
      (host) =>
        new Listener(host, {
          format: () => {
            throw new Error('boom');
          },
          output: new PassThrough(),
          noAck: false,
          prefetch: 100,
        }),
    );
    const { channel } = recordingChannel();
    failing.handler.attach(channel, 100);
    failing.deliver(channel, delivery(1));
    expect(failing.ends[0]).toMatchObject({ kind: 'error', error: { message: 'could not write a message: boom' } });
    const cancelled = make(new PassThrough());
    cancelled.deliver(channel, null);
    expect(cancelled.ends[0]).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/cancelled the consumer: queue 'q' was deleted/) } });
  });
});
