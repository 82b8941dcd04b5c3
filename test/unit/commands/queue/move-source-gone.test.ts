import { describe, expect, it } from 'vitest';
import { reportMove } from '../../../../src/commands/queue/move-present.js';
import type { MoveOutcome } from '../../../../src/core/move/session.js';

const outcome = (partial: Partial<MoveOutcome>): MoveOutcome => ({
  source: 'jobs.src',
  moved: 3,
  depth: 10,
  unrouted: 0,
  routes: new Map([["queue 'jobs'", 3]]),
  refusal: undefined,
  interrupted: undefined,
  failure: undefined,
  elapsedMs: 10,
  again: 0,
  ...partial,
});

describe('reportMove when the source went away', () => {
  it('does not say the rest stays in a queue that may be gone, nor to fix the destination', () => {
    const { error, exitCode } = reportMove(outcome({ refusal: { index: 0, reason: 'the broker cancelled the consumer of the source (deleted?)' } }));
    expect(exitCode).toBe(1);
    expect(error?.message).toBe('the move stopped: the broker cancelled the consumer of the source (deleted?); 3 messages moved');
    expect(error?.hint).toBe("What was not moved is still in queue 'jobs.src' if that queue still exists (mqcli queue info jobs.src)");
    expect(`${error?.message} ${error?.hint}`).not.toMatch(/the rest stays|fix the destination/);
  });

  it('still points at the destination when it refused a message', () => {
    const { error } = reportMove(outcome({ refusal: { index: 4, reason: 'the destination nacked it' } }));
    expect(error?.message).toBe("the move stopped: message 4 was refused: the destination nacked it; 3 messages moved, the rest stays in queue 'jobs.src'");
    expect(error?.hint).toMatch(/fix the destination/);
  });
});
