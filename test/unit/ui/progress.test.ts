import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '../../../src/ui/log.js';
import { startProgress } from '../../../src/ui/progress.js';
import { plain } from '../../../src/ui/style.js';

const log = (quiet = false) => new Logger({ stream: new PassThrough(), quiet, verbose: false, style: plain });
const stderr = (change: { isTTY?: boolean; columns?: number } = {}) =>
  Object.assign(new PassThrough(), { isTTY: true, columns: 80, ...change }) as unknown as NodeJS.WriteStream;

// Fake timers: the spinner waits a second before it loads ora, and what is checked is whether
// that timer is set at all.
describe('startProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['stderr is not a terminal', stderr({ isTTY: false }), log(), {}],
    ['the terminal reports 0 columns', stderr({ columns: 0 }), log(), {}],
    ['--quiet', stderr(), log(true), {}],
    ['CI', stderr(), log(), { CI: 'true' }],
    ['TERM=dumb', stderr(), log(), { TERM: 'dumb' }],
  ])('never draws when %s', (_what, stream, logger, env) => {
    const progress = startProgress(stream, logger, env, () => 'sent');
    expect(vi.getTimerCount()).toBe(0);
    progress.stop();
  });

  it('on a terminal, waits a second before drawing, and draws nothing when stopped before', () => {
    const progress = startProgress(stderr(), log(), {}, () => 'working');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(vi.getTimerCount()).toBe(1);
    progress.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
