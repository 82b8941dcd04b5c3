import { describe, expect, it } from 'vitest';
import { ACK_BATCH } from '../../src/core/exec/ack-batch.js';
import { JOBS_PER_SHELL } from '../../src/core/exec/shell.js';
import { execPrefetch } from '../../src/core/exec/subscription.js';

describe('execPrefetch', () => {
  const full = (concurrency: number) => (JOBS_PER_SHELL + 1) * concurrency + ACK_BATCH;

  it.each([
    // concurrency, --count, settled so far, prefetch
    [1, undefined, 0, full(1)],
    [4, undefined, 0, full(4)],
    [4, undefined, 1_000, full(4)],
    [1, 1_000, 0, full(1)],
    [1, 5, 0, 5],
    [1, 5, 3, 2],
    // A new channel after a reconnect: what is settled counts, never a prefetch of 0 (unlimited).
    [2, 10, 10, 1],
    [2, 10, 12, 1],
  ])('concurrency %i, --count %s, %i settled: %i', (concurrency, count, settled, expected) => {
    expect(execPrefetch({ concurrency, count }, settled)).toBe(expected);
  });
});
