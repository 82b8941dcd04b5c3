// --exec's acks in batches: one `multiple` ack only when nothing before it is unsettled.
import type { Channel, Message } from 'amqplib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACK_BATCH, AckBatch } from '../../../../src/core/exec/ack-batch.js';
import { CountGate } from '../../../../src/core/consumer/count-gate.js';

const message = (tag: number, consumerTag = 'c1') => ({ fields: { deliveryTag: tag, consumerTag } }) as unknown as Message;

/** A channel that records its acks as [tag, multiple], and what the broker would count as acked. */
function recordingChannel() {
  const acks: [number, boolean | 'nack'][] = [];
  const channel = {
    ack: (m: Message, multiple = false) => acks.push([m.fields.deliveryTag, multiple]),
    nack: (m: Message) => acks.push([m.fields.deliveryTag, 'nack']),
  } as unknown as Channel;
  return { channel, acks };
}

/**
 * What the broker takes as acked after these frames, in order: a nack settles its tag first, and
 * a multiple ack takes only the tags still outstanding.
 */
function ackedBy(frames: [number, boolean | 'nack'][], delivered: number[]): Set<number> {
  const outstanding = new Set(delivered);
  const acked = new Set<number>();
  for (const [tag, how] of frames) {
    for (const d of [...outstanding]) {
      if (d !== tag && !(how === true && d <= tag)) continue;
      outstanding.delete(d);
      if (how !== 'nack') acked.add(d);
    }
  }
  return acked;
}

describe('AckBatch', () => {
  afterEach(() => vi.useRealTimers());

  it('acks a full batch of messages in order with one multiple ack', () => {
    const { channel, acks } = recordingChannel();
    const batch = new AckBatch(channel, new CountGate());
    for (let tag = 1; tag <= ACK_BATCH + 2; tag++) batch.delivered(message(tag));
    for (let tag = 1; tag <= ACK_BATCH; tag++) batch.ack(message(tag));
    expect(acks).toEqual([[ACK_BATCH, true]]);
  });

  it('acks one by one when an earlier message is still unsettled', () => {
    const { channel, acks } = recordingChannel();
    const batch = new AckBatch(channel, new CountGate());
    for (const tag of [1, 2, 3]) batch.delivered(message(tag));
    batch.ack(message(2));
    batch.ack(message(3));
    batch.flush();
    expect(acks).toEqual([
      [2, false],
      [3, false],
    ]);
  });

  it('sends what it holds after a short wait', () => {
    vi.useFakeTimers();
    const { channel, acks } = recordingChannel();
    const batch = new AckBatch(channel, new CountGate());
    batch.delivered(message(1));
    batch.ack(message(1));
    expect(acks).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(acks).toEqual([[1, true]]);
  });

  it('sends nothing after the channel was dropped', () => {
    vi.useFakeTimers();
    const { channel, acks } = recordingChannel();
    const batch = new AckBatch(channel, new CountGate());
    batch.delivered(message(1));
    batch.ack(message(1));
    batch.drop();
    vi.advanceTimersByTime(1000);
    batch.flush();
    expect(acks).toEqual([]);
  });

  it('counts the acks a closed channel never took', () => {
    const channel = {
      ack: () => {
        throw new Error('Channel closed');
      },
    } as unknown as Channel;
    const batch = new AckBatch(channel, new CountGate());
    for (const tag of [1, 2, 3]) batch.delivered(message(tag));
    batch.ack(message(2));
    batch.ack(message(3));
    expect(() => batch.flush()).toThrow('Channel closed');
    expect(batch.drop().acks.map((m) => m.fields.deliveryTag)).toEqual([2, 3]);
    expect(batch.drop().acks).toEqual([]);
  });

  it('never acks a message that was not acked, whatever the order of settling', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('ack', 'nack', 'open'), { minLength: 1, maxLength: 40 }), fc.func(fc.boolean()), (fates, flushNow) => {
        const { channel, acks } = recordingChannel();
        const batch = new AckBatch(channel, new CountGate());
        const tags = fates.map((_, i) => i + 1);
        for (const tag of tags) batch.delivered(message(tag));
        // Settle in a shuffled order: commands at --concurrency n end in any order.
        const order = [...tags].sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13));
        for (const tag of order) {
          const fate = fates[tag - 1];
          if (fate === 'ack') batch.ack(message(tag));
          else if (fate === 'nack') batch.nack(message(tag), true);
          if (flushNow(tag)) batch.flush();
        }
        batch.flush();
        const acked = ackedBy(acks, tags);
        for (const tag of tags) expect(acked.has(tag)).toBe(fates[tag - 1] === 'ack');
      }),
    );
  });

  it('holds what the --count gate holds until the consumer is cancelled', () => {
    const { channel, acks } = recordingChannel();
    const gate = new CountGate();
    // --count 3 with a prefetch of 2: one settlement may go while consuming, two after the cancel.
    gate.started('c1', 3, 2);
    const batch = new AckBatch(channel, gate);
    for (const tag of [1, 2, 3]) batch.delivered(message(tag));
    batch.ack(message(1));
    batch.nack(message(2), false);
    batch.ack(message(3));
    batch.flush();
    // The nack went at once and took the one settlement allowed; the acks wait.
    expect(acks).toEqual([[2, 'nack']]);
    gate.cancelled('c1');
    batch.flush();
    expect(acks).toEqual([
      [2, 'nack'],
      [3, true],
    ]);
  });
});
