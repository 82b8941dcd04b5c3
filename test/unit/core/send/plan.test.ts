import { describe, expect, it } from 'vitest';
import { planSend, type SendFlags } from '../../../../src/core/send/plan.js';
import { UsageError } from '../../../../src/core/errors.js';

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

const plan = (destination: string | undefined, messages: string[], flags: SendFlags = {}, env: Record<string, string> = {}, isTTY = false) =>
  planSend(destination, messages, flags, { isTTY }, env);

describe('planSend refuses before connecting what amqplib would refuse at publish time', () => {
  it.each([
    ['--message-id of 300 bytes', { messageId: 'm'.repeat(300) }, /--message-id is 300 bytes long/],
    ['--correlation-id of 256 bytes', { correlationId: 'c'.repeat(256) }, /--correlation-id is 256 bytes long/],
    ['--type of 256 bytes', { type: 't'.repeat(256) }, /--type is 256 bytes long/],
    ['-H k=<70,000 characters>', { header: [`k=${'a'.repeat(70_000)}`] }, /the --header values take 70,011 bytes as an AMQP table/],
    ['two -H over 64 KiB together', { header: ['a=1', `b:=${JSON.stringify('x'.repeat(66_000))}`] }, /the --header values take/],
  ] as [string, SendFlags, RegExp][])('%s', (_name, flags, message) => {
    expect(() => plan('q', ['x'], flags)).toThrow(UsageError);
    expect(() => plan('q', ['x'], flags)).toThrow(message);
  });

  it('refuses names the broker would change, and keeps routing keys as given', () => {
    expect(() => plan('nl\nname', ['x'])).toThrow(/the queue name 'nl\\x0aname' holds the control character/);
    expect(() => plan('rk', ['x'], { exchange: 'ex\nname' })).toThrow(/the exchange name 'ex\\x0aname'/);
    expect(plan('a\nb', ['x'], { exchange: 'amq.direct' }).routingKey).toBe('a\nb');
    expect(() => plan('k'.repeat(256), ['x'], { exchange: 'amq.direct' })).toThrow(/routing key is longer/);
  });
});

describe('planSend with QUEUE_NAME set and one argument', () => {
  it('makes an empty stdin the terminal\'s "no message given", not "nothing to send"', () => {
    const script = plan('task two', [], {}, { QUEUE_NAME: 'tasks' });
    expect(script.emptyStdin?.message).toBe('no message given');
    expect(() => plan('task two', [], {}, { QUEUE_NAME: 'tasks' }, true)).toThrow('no message given');
    expect(script.emptyStdin?.hint).toBe(
      'Give it as an argument (mqcli send q "hello"), pipe lines in (producer | mqcli send q), or use --file <path>; the first argument is always the queue',
    );
  });

  it('leaves an empty stdin "nothing to send" where the argument can only be the queue', () => {
    expect(plan('jobs', [], {}, {}).emptyStdin).toBeUndefined();
    expect(plan(undefined, [], {}, { QUEUE_NAME: 'tasks' }).emptyStdin).toBeUndefined();
    expect(plan('jobs', ['x'], {}, { QUEUE_NAME: 'tasks' }).emptyStdin).toBeUndefined();
    expect(plan('rk', [], { exchange: 'logs' }, { QUEUE_NAME: 'tasks' }).emptyStdin).toBeUndefined();
  });
});

describe('planSend --delimiter', () => {
  it("refuses '' for splitting stdin, pointing at --whole", () => {
    try {
      plan('q', [], { delimiter: '' });
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).message).toBe('--delimiter cannot be empty when splitting stdin');
      expect((error as UsageError).hint).toBe('To send all of stdin as one message, use --whole');
    }
  });
});
