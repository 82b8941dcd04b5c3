import { describe, expect, it } from 'vitest';
import { planListen } from '../../../../src/core/listen/plan.js';

describe('planListen', () => {
  const plan = (queue: string | undefined, flags = {}, isTTY = false, env = {}) => planListen(queue, flags, { isTTY }, env);

  it('picks pretty on a terminal and raw in a pipe', () => {
    expect(plan('q', {}, true).format).toBe('pretty');
    expect(plan('q', {}, false).format).toBe('raw');
    expect(plan('q', { json: true }, true).format).toBe('json');
    expect(plan('q', { delimiter: '\\0' }, true).format).toBe('raw');
  });

  it('never has more in flight than --count needs', () => {
    expect(plan('q', { count: 5 }).prefetch).toBe(5);
    expect(plan('q', { count: 500 }).prefetch).toBe(100);
    expect(plan('q', { count: 100_000, prefetch: 0 }).prefetch).toBe(65_535);
  });

  it('taps an exchange with the bindings its type needs unless --binding names keys', () => {
    expect(plan(undefined, { exchange: 'logs' })).toMatchObject({ queue: undefined, exchange: 'logs', bindings: undefined });
  });

  it.each([
    [{ json: true, format: 'pretty' }, /--json and --format pretty disagree/],
    [{ delimiter: ',', format: 'json' }, /--delimiter applies to --format raw only/],
    [{ binding: ['a'] }, /--binding needs --exchange/],
    [{ peek: true, ack: false }, /--peek cannot be combined with --no-ack/],
    [{ peek: true, drain: true }, /--peek cannot be combined with --drain/],
    [{ peek: true, idleTimeout: 1 }, /--peek cannot be combined with --idle-timeout/],
    [{ offset: 'first', ack: false }, /--offset cannot be used with --no-ack/],
    [{ count: 5, ack: false }, /--count cannot stop at exactly n with --no-ack/],
    [{ prefetch: 10, ack: false }, /--prefetch has no effect with --no-ack/],
    [{ offset: 'first', exchange: 'logs' }, /--offset reads a stream queue; the temporary queue of --exchange is not one/],
  ])('refuses %j', (flags, message) => expect(() => plan('q', flags)).toThrow(message));

  it('refuses a queue argument with --exchange', () => {
    expect(() => plan('q', { exchange: 'x' })).toThrow(/drop the queue argument/);
  });
});

describe('planListen --delimiter', () => {
  it("takes '' (a binary body written exactly), on a terminal too", () => {
    expect(planListen('q', { delimiter: '' }, { isTTY: false }, {}).delimiter).toEqual(Buffer.alloc(0));
    const onTerminal = planListen('q', { delimiter: '' }, { isTTY: true }, {});
    expect(onTerminal.format).toBe('raw');
    expect(onTerminal.delimiter).toEqual(Buffer.alloc(0));
  });
});
