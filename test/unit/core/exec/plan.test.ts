import { describe, expect, it } from 'vitest';
import { planExec } from '../../../../src/core/exec/plan.js';

describe('planExec', () => {
  const plan = (flags: Record<string, unknown>) => planExec('q', { exec: 'cat', ...flags }, {});

  it('defaults: stop on error, one at a time, lines as they are', () => {
    expect(plan({})).toMatchObject({ queue: 'q', command: 'cat', onError: 'stop', concurrency: 1, output: 'lines', reply: false, declare: true });
  });

  it.each([
    [{ ack: false }, /--no-ack would lose the messages whose command fails/],
    [{ json: true }, /--json formats the messages listen prints/],
    [{ format: 'raw' }, /--format raw formats/],
    [{ delimiter: ',' }, /--delimiter formats/],
    [{ prefetch: 5 }, /--prefetch follows --concurrency/],
    [{ peek: true }, /--exec cannot be combined with --peek/],
    [{ exchange: 'x' }, /--exec cannot be combined with --exchange/],
    [{ offset: 'first' }, /--exec cannot be combined with --offset/],
    [{ reply: true, execOutput: 'json' }, /with --reply the commands’ stdout is the reply/],
    [{ exec: '  ' }, /--exec needs a command/],
  ])('%j is refused', (flags, error) => {
    expect(() => plan(flags)).toThrow(error);
  });
});
