import { describe, expect, it } from 'vitest';
import { reportMove } from '../../../../src/commands/queue/move-present.js';
import { BrokerError } from '../../../../src/core/errors.js';
import type { MoveOutcome } from '../../../../src/core/move/session.js';

const outcome = (change: Partial<MoveOutcome> = {}): MoveOutcome => ({
  source: 'src',
  moved: 10,
  depth: 10,
  unrouted: 0,
  routes: new Map([["queue 'dst'", 10]]),
  refusal: undefined,
  interrupted: undefined,
  failure: undefined,
  elapsedMs: 2000,
  again: 0,
  ...change,
});

describe('reportMove', () => {
  it.each([
    ['all moved', outcome(), 0, "moved 10 messages from queue 'src' to queue 'dst' in 2.0 s (5 msg/s)"],
    ['an empty source', outcome({ moved: 0, depth: 0, routes: new Map() }), 0, "nothing to move: queue 'src' is empty"],
    [
      'a signal',
      outcome({ interrupted: 'SIGINT' }),
      130,
      "interrupted (SIGINT): moved 10 messages from queue 'src' to queue 'dst' in 2.0 s (5 msg/s); the rest stays in queue 'src'",
    ],
    [
      'a failover',
      outcome({ moved: 12, again: 2 }),
      0,
      "moved 12 messages from queue 'src' to queue 'dst' in 2.0 s (6 msg/s); 2 moved again after a failover (may be duplicated)",
    ],
  ])('%s: exit %i with a summary', (_what, given, code, summary) => {
    expect(reportMove(given)).toEqual({ exitCode: code, summary });
  });

  it.each([
    [
      'a refusal',
      outcome({ moved: 3, refusal: { index: 4, reason: 'unroutable (NO_ROUTE)' } }),
      /^the move stopped: message 4 was refused: unroutable \(NO_ROUTE\); 3 messages moved, the rest stays in queue 'src'$/,
    ],
    [
      'a failure before the first message',
      outcome({ moved: 0, depth: 0, failure: new BrokerError("queue 'src' does not exist") }),
      /^queue 'src' does not exist$/,
    ],
    ['no origin', outcome({ moved: 2, unrouted: 1 }), /^1 message names no queue to go back to .* and stay in queue 'src'; 2 messages moved$/],
  ])('%s: exit 1 with the counts', (_what, given, message) => {
    const report = reportMove(given);
    expect(report.exitCode).toBe(1);
    expect(report.error?.message).toMatch(message);
  });
});
