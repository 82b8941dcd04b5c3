import { describe, expect, it } from 'vitest';
import { planSend } from '../../../../src/core/send/plan.js';

describe('planSend', () => {
  const plan = (destination: string | undefined, messages: string[], flags = {}, isTTY = false, env = {}) =>
    planSend(destination, messages, flags, { isTTY }, env);

  it('sends to a queue through the default exchange', () => {
    expect(plan('jobs', ['a'])).toMatchObject({
      exchange: '',
      routingKey: 'jobs',
      queue: 'jobs',
      input: { kind: 'arguments', messages: ['a'] },
      confirm: true,
      declare: true,
      repeat: 1,
    });
  });

  it('uses the argument as the routing key with --exchange (empty when left out)', () => {
    expect(plan('a.b', [], { exchange: 'logs' })).toMatchObject({ exchange: 'logs', routingKey: 'a.b', queue: undefined });
    expect(plan(undefined, [], { exchange: 'logs' })).toMatchObject({ routingKey: '' });
  });

  it('reads stdin in the asked way', () => {
    expect(plan('q', []).input).toEqual({ kind: 'lines', delimiter: undefined, keepEmpty: false });
    expect(plan('q', [], { whole: true }).input).toEqual({ kind: 'whole' });
    expect(plan('q', [], { json: true }).input).toEqual({ kind: 'envelopes' });
    expect(plan('q', [], { delimiter: '\\0', keepEmpty: true }).input).toEqual({ kind: 'lines', delimiter: Buffer.from([0]), keepEmpty: true });
  });

  it('refuses a terminal as stdin, with a hint', () => {
    expect(() => plan('q', [], {}, true)).toThrow(/no message given/);
  });

  it('takes QUEUE_NAME when the queue is left out', () => {
    expect(plan(undefined, [], {}, false, { QUEUE_NAME: 'from-env' }).queue).toBe('from-env');
  });
});
