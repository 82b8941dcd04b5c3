import { describe, expect, it } from 'vitest';
import { fingerprint, HandledMemory } from '../../../../src/core/consumer/memory.js';
import { delivery } from '../../../helpers/consumer-host.js';

const again = (tag: number, body: string, headers?: Record<string, unknown>) =>
  delivery(tag, body, { redelivered: true, properties: headers === undefined ? {} : { headers } });

describe('HandledMemory', () => {
  it('gives back what was remembered of a redelivery, once per copy handled', () => {
    const memory = new HandledMemory<number>();
    memory.add(delivery(1, 'a'), 10);
    memory.add(delivery(2, 'a'), 20);
    expect(memory.size).toBe(2);
    expect(memory.take(again(5, 'a'))).toBe(10);
    expect(memory.take(again(6, 'a'))).toBe(20);
    expect(memory.take(again(7, 'a'))).toBeUndefined();
    expect(memory.size).toBe(0);
  });

  it('knows nothing of a message it was not told about, or of one not redelivered', () => {
    const memory = new HandledMemory<number>();
    memory.add(delivery(1, 'a'), 1);
    expect(memory.take(again(2, 'b'))).toBeUndefined();
    expect(memory.take(delivery(3, 'a'))).toBeUndefined();
    expect(memory.size).toBe(1);
  });

  it("recognises a quorum queue's redelivery, which adds x-delivery-count", () => {
    const memory = new HandledMemory<string>();
    memory.add(delivery(1, 'a', { properties: { headers: { k: 'v' } } }), 'first');
    expect(memory.take(again(9, 'a', { k: 'v', 'x-delivery-count': 1 }))).toBe('first');
  });

  it("recognises a quorum queue's redelivery of a message sent with no header table at all", () => {
    const memory = new HandledMemory<string>();
    memory.add(delivery(1, 'a'), 'first');
    expect(memory.take(again(9, 'a', { 'x-delivery-count': 1 }))).toBe('first');
  });

  it('tells apart messages that differ in a property, a header or the routing key', () => {
    const base = delivery(1, 'a');
    const other = { ...base, fields: { ...base.fields, routingKey: 'other' } };
    expect(fingerprint(base)).not.toBe(fingerprint(other));
    expect(fingerprint(delivery(1, 'a', { properties: { messageId: 'x' } }))).not.toBe(fingerprint(base));
    expect(fingerprint(again(2, 'a', { k: 1 }))).not.toBe(fingerprint(again(2, 'a', { k: 2 })));
  });
});
