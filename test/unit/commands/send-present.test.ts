import { describe, expect, it } from 'vitest';
import { interruptedLine, reportSend } from '../../../src/commands/send-present.js';
import { UsageError } from '../../../src/core/errors.js';

describe('reportSend', () => {
  const stats = (change: Partial<Parameters<typeof reportSend>[0]['stats']> = {}) => ({
    published: 10,
    confirmed: 10,
    nacked: 0,
    returned: 0,
    republished: 0,
    retried: 0,
    returnReason: undefined,
    ...change,
  });
  const outcome = { confirm: true, destination: "queue 'q'", elapsedMs: 2000 };

  it('exits 0 with a summary when every message is confirmed', () => {
    expect(reportSend({ ...outcome, stats: stats() })).toEqual({ exitCode: 0, summary: "sent 10 messages to queue 'q' in 2.0 s (5 msg/s), all confirmed" });
  });

  it.each([
    ['nacked', stats({ confirmed: 9, nacked: 1 }), /the broker did not confirm every message: 10 sent, 9 confirmed, 1 nacked, 0 unconfirmed/],
    ['unconfirmed', stats({ confirmed: 7 }), /10 sent, 7 confirmed, 0 nacked, 3 unconfirmed/],
    ['unroutable', stats({ returned: 3, returnReason: 'NO_ROUTE' }), /^3 of 10 messages were unroutable \(NO_ROUTE\)/],
  ])('exits 1 when messages were %s', (_what, given, message) => {
    const report = reportSend({ ...outcome, stats: given });
    expect(report.exitCode).toBe(1);
    expect(report.error?.message).toMatch(message);
  });

  it('exits 130 on SIGINT, with the counts', () => {
    expect(reportSend({ ...outcome, stats: stats({ confirmed: 8 }), interrupted: 'SIGINT' })).toMatchObject({
      exitCode: 130,
      summary: 'interrupted (SIGINT): 10 sent, 8 confirmed, 0 nacked, 2 unconfirmed',
    });
  });

  it('keeps a usage error at exit 2, saying what was sent before it', () => {
    const report = reportSend({ ...outcome, stats: stats({ published: 2, confirmed: 2 }), failure: new UsageError('line 3 of stdin is not valid JSON') });
    expect(report.exitCode).toBe(2);
    expect(report.error?.message).toBe('line 3 of stdin is not valid JSON; before it: 2 sent, 2 confirmed, 0 nacked, 0 unconfirmed');
  });
  it('says how many were republished after a reconnect, and that they may be duplicated', () => {
    const report = reportSend({ stats: stats({ republished: 120 }), confirm: true, destination: "queue 'q'", elapsedMs: 10 });
    expect(report.exitCode).toBe(0);
    expect(report.summary).toMatch(/all confirmed; 120 republished after a reconnect \(may be duplicated\)$/);
  });

  it.each([
    [{ retried: 8192 }, 0, /all confirmed; 8,192 published again after a nack \(may be duplicated\)$/],
    [{ republished: 120, retried: 8192 }, 0, /all confirmed; 120 republished after a reconnect and 8,192 after a nack \(may be duplicated\)$/],
  ])('counts what was published again after a nack: %j', (change, code, summary) => {
    const report = reportSend({ ...outcome, stats: stats(change) });
    expect(report.exitCode).toBe(code);
    expect(report.summary).toMatch(summary);
  });

  it('a nack that outlasted --retry-nacks is still a failure, with the retries counted', () => {
    const report = reportSend({ ...outcome, stats: stats({ confirmed: 6, nacked: 4, republished: 10, retried: 40 }) });
    expect(report.exitCode).toBe(1);
    expect(report.error?.message).toBe(
      'the broker did not confirm every message: 10 sent, 6 confirmed, 4 nacked, 0 unconfirmed; 10 republished after a reconnect and 40 after a nack (may be duplicated)',
    );
  });
});

describe('a second Ctrl-C', () => {
  it.each([
    [undefined, true, 'interrupted: nothing sent'],
    [
      { published: 10, confirmed: 6, nacked: 0, returned: 0, republished: 0, retried: 0, returnReason: undefined },
      true,
      'interrupted: 10 sent, 6 confirmed, 4 unconfirmed',
    ],
    [
      { published: 10, confirmed: 6, nacked: 1, returned: 2, republished: 0, retried: 0, returnReason: undefined },
      true,
      'interrupted: 10 sent, 4 confirmed, 2 unroutable, 1 nacked, 3 unconfirmed',
    ],
    [
      { published: 5, confirmed: 0, nacked: 0, returned: 0, republished: 0, retried: 0, returnReason: undefined },
      false,
      'interrupted: 5 sent without confirms',
    ],
  ])('a second Ctrl-C says where things stand: %j', (stats, confirm, text) => {
    expect(interruptedLine(stats, confirm)).toBe(text);
  });
});
