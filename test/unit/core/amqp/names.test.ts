import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { checkName, checkRoutingKey, queueName } from '../../../../src/core/amqp/names.js';

describe('queueName', () => {
  it('takes the argument, else QUEUE_NAME', () => {
    expect(queueName('a', { QUEUE_NAME: 'b' })).toBe('a');
    expect(queueName(undefined, { QUEUE_NAME: 'b' })).toBe('b');
  });
  it('refuses a missing, empty or overlong name', () => {
    expect(() => queueName(undefined, {})).toThrow(UsageError);
    expect(() => queueName('', {})).toThrow(/empty/);
    expect(() => queueName('é'.repeat(128), {})).toThrow(/255 bytes/);
  });
});

// What the test broker (RabbitMQ 3.10) does, found by trying: it drops CR and LF from queue and
// exchange names (`nl\nname` declares `nlname`), keeps every other byte, and keeps routing keys.

describe('checkName', () => {
  it.each([
    ['queue', 'nl\nname', /the queue name 'nl\\x0aname' holds the control character \\x0a/, /removes CR and LF from queue names/],
    ['queue', 'cr\rname', /holds the control character \\x0d/, /removes CR and LF/],
    ['queue', 'q\x1b]0;PWNED\x07', /the queue name 'q\\x1b\]0;PWNED\\x07' holds the control character \\x1b/, /cannot be shown or typed safely/],
    ['queue', 'bell\x07', /\\x07/, /cannot be shown/],
    ['queue', 'tab\there', /\\x09/, /cannot be shown/],
    ['queue', 'del\x7f', /\\x7f/, /cannot be shown/],
    ['queue', 'c1\u009b31m', /\\x9b/, /cannot be shown/],
    ['destination queue', 'a\nb', /the destination queue name/, /removes CR and LF from queue names/],
    ['exchange', 'ex\nname', /the exchange name 'ex\\x0aname' holds the control character \\x0a/, /removes CR and LF from exchange names/],
    ['exchange', 'ex\rname', /\\x0d/, /exchange names/],
  ] as const)('refuses a %s name %j', (kind, name, message, hint) => {
    const error = (() => {
      try {
        checkName(name, kind);
      } catch (caught) {
        return caught as UsageError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.message).toMatch(message);
    expect(error?.hint).toMatch(hint);
  });

  it.each([
    ['exchange', 'e\x1bx\tz'],
    ['exchange', 'amq.direct'],
    ['queue', 'jobs.dlq'],
    ['queue', 'ünïcødé 名前'],
    ['queue', 'x'.repeat(255)],
  ] as const)('takes a %s name %j, which the broker keeps as it is', (kind, name) => {
    expect(checkName(name, kind)).toBe(name);
  });

  it('counts bytes, not characters, against 255', () => {
    expect(() => checkName('é'.repeat(128), 'queue')).toThrow("the queue name is longer than AMQP's 255 bytes");
    expect(() => checkName('', 'exchange')).toThrow('the exchange name is empty');
  });

  it('takes every printable name of up to 255 bytes', () => {
    const printable = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .filter((name) => !/[\x00-\x1f\x7f-\x9f]/.test(name) && Buffer.byteLength(name) <= 255);
    fc.assert(fc.property(printable, (name) => checkName(name, 'queue') === name && checkName(name, 'exchange') === name));
  });

  it('refuses every name holding a control character, wherever it is', () => {
    const control = fc
      .integer({ min: 0, max: 0x9f })
      .filter((code) => code < 0x20 || code >= 0x7f)
      .map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), control, fc.string({ maxLength: 20 }), (before, char, after) => {
        expect(() => checkName(`${before}${char}${after}`, 'queue')).toThrow(UsageError);
      }),
    );
  });
});

describe('queueName checks', () => {
  it('checks QUEUE_NAME as it checks an argument', () => {
    expect(() => queueName(undefined, { QUEUE_NAME: 'a\nb' })).toThrow(/holds the control character/);
    expect(queueName(undefined, { QUEUE_NAME: 'tasks' })).toBe('tasks');
  });
});

describe('checkRoutingKey', () => {
  it('keeps control characters (the broker routes on them as given) and refuses over 255 bytes', () => {
    expect(checkRoutingKey('a\nb\x1b')).toBe('a\nb\x1b');
    expect(checkRoutingKey('')).toBe('');
    expect(() => checkRoutingKey('k'.repeat(256))).toThrow("the routing key is longer than AMQP's 255 bytes");
  });
});
