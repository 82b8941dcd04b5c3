import { describe, expect, it } from 'vitest';
import { NackRetry } from '../../../../src/core/broker/nack-retry.js';

function policy(boundMs: number) {
  let now = 1000;
  const retry = new NackRetry(boundMs, () => now);
  return { retry, advance: (ms: number) => (now += ms) };
}

describe('NackRetry', () => {
  it('takes no nack for a passing state before a failover: a full reject-publish queue stays a nack', () => {
    const { retry, advance } = policy(300_000);
    expect(retry.open).toBe(false);
    advance(60_000);
    expect(retry.open).toBe(false);
  });

  it('retries the nacks that come within the bound after a failover, and none after it', () => {
    const { retry, advance } = policy(300_000);
    retry.failedOver();
    expect(retry.open).toBe(true);
    advance(299_999);
    expect(retry.open).toBe(true);
    expect(retry.sinceFailover).toBe(299_999);
    advance(1);
    expect(retry.open).toBe(false);
  });

  it('opens a new window at the next failover', () => {
    const { retry, advance } = policy(10_000);
    retry.failedOver();
    advance(20_000);
    expect(retry.open).toBe(false);
    retry.failedOver();
    expect(retry.open).toBe(true);
  });

  it('never retries with a bound of 0 (--retry-nacks 0)', () => {
    const { retry } = policy(0);
    retry.failedOver();
    expect(retry.open).toBe(false);
  });

  it('backs off 1 s, 2 s, 4 s, then every 5 s, and starts over at a failover', () => {
    const { retry } = policy(300_000);
    retry.failedOver();
    expect([1, 2, 3, 4, 5].map(() => retry.nextDelay())).toEqual([1000, 2000, 4000, 5000, 5000]);
    retry.failedOver();
    expect(retry.nextDelay()).toBe(1000);
  });
});
