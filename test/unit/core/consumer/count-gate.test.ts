import type { Message } from 'amqplib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountGate, countedPrefetch } from '../../../../src/core/consumer/count-gate.js';

const from = (consumerTag: string | undefined, count = 1) =>
  Array.from({ length: count }, (_, i) => ({ fields: { deliveryTag: i + 1, consumerTag } }) as unknown as Message);

describe('countedPrefetch', () => {
  it.each([
    // wanted, budget, prefetch
    [100, undefined, 100],
    [0, undefined, 0],
    [100, 1, 1],
    [100, 250, 100],
    [28, 5, 5],
    // Never 0 (no limit) once --count is reached: a reconnect still owes redeliveries.
    [28, 0, 1],
    [0, 10, 10],
    [0, 1_000_000, 65_535],
  ])('wants %s with a budget of %s: %s', (wanted, budget, expected) => {
    expect(countedPrefetch(wanted, budget)).toBe(expected);
  });
});

describe('CountGate', () => {
  it('lets everything go for a consumer it was not told about (no --count, or basic.get)', () => {
    const gate = new CountGate();
    expect(gate.admit(from('other', 5))).toBe(5);
    expect(gate.admit(from(undefined, 2))).toBe(2);
  });

  it('with --count 1 holds the one ack until the consumer is cancelled', () => {
    const gate = new CountGate();
    gate.started('c', 1, 1);
    expect(gate.admit(from('c'))).toBe(0);
    gate.cancelled('c');
    expect(gate.admit(from('c'))).toBe(1);
  });

  it('never lets the broker send more than the budget, whatever the settling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.integer({ min: 1, max: 20 })), (budget, wanted, batches) => {
        const gate = new CountGate();
        const prefetch = countedPrefetch(wanted, budget);
        gate.started('c', budget, prefetch);
        // The broker delivers while fewer than `prefetch` are unsettled; we settle in batches.
        let delivered = 0;
        let settled = 0;
        for (const size of batches) {
          delivered = Math.min(settled + prefetch, Number.MAX_SAFE_INTEGER);
          const ready = Math.min(size, delivered - settled);
          settled += gate.admit(from('c', ready));
        }
        delivered = settled + prefetch;
        expect(delivered).toBeLessThanOrEqual(budget);
      }),
    );
  });
});
