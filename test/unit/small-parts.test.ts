import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseArguments, splitKeyValue, typedValue } from '../../src/core/key-value.js';
import { globToRegExp } from '../../src/core/management/glob.js';
import { queueName } from '../../src/core/amqp/names.js';
import { queueSpec } from '../../src/core/amqp/queue-spec.js';
import { redactUrl } from '../../src/core/redact.js';
import { colorLevel } from '../../src/ui/color.js';
import { formatTable } from '../../src/ui/table.js';

describe('key=value', () => {
  it.each([
    ['a=b', ['a', 'b']],
    ['a=b=c', ['a', 'b=c']],
    ['a=', ['a', '']],
  ])('splits %s', (text, expected) => expect(splitKeyValue(text, '--arg')).toEqual(expected));

  it.each(['a', '=b', ''])('refuses %j', (text) => expect(() => splitKeyValue(text, '--header')).toThrow(/--header expects key=value/));

  it.each([
    ['10', 10],
    ['-3', -3],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['"10"', '10'],
    ['lazy', 'lazy'],
    ['"unterminated\\"', '"unterminated\\"'],
    ['1e3', '1e3'],
  ])('types %s', (text, value) => expect(typedValue(text)).toEqual(value));

  it('builds a table', () => expect(parseArguments(['x-max-length=5', 'x-queue-mode=lazy'])).toEqual({ 'x-max-length': 5, 'x-queue-mode': 'lazy' }));
});

describe('queueSpec', () => {
  it('is durable, classic and argument-free by default', () => {
    expect(queueSpec({})).toEqual({ durable: true, exclusive: false, autoDelete: false, arguments: {} });
  });

  it('maps flags to x-arguments', () => {
    expect(
      queueSpec({ maxLength: 10, messageTtl: 0, deadLetterExchange: 'dlx', overflow: 'reject-publish', type: 'quorum', arg: ['x-delivery-limit=3'] }).arguments,
    ).toEqual({
      'x-max-length': 10,
      'x-message-ttl': 0,
      'x-dead-letter-exchange': 'dlx',
      'x-overflow': 'reject-publish',
      'x-queue-type': 'quorum',
      'x-delivery-limit': 3,
    });
  });

  it.each([
    [{ type: 'quorum', durable: false }, /quorum queue is always durable/],
    [{ type: 'stream', exclusive: true }, /stream queue cannot be exclusive/],
    [{ arg: ['x-queue-type=stream'], autoDelete: true }, /stream queue cannot be auto-delete/],
    [{ maxLength: 1, arg: ['x-max-length=2'] }, /x-max-length is given twice/],
    [{ type: 'classic', arg: ['x-queue-type=quorum'] }, /x-queue-type is given twice/],
  ] as const)('refuses %j', (options, message) => expect(() => queueSpec(options as never)).toThrow(message));
});

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

describe('redact', () => {
  it.each([
    ['amqp://bob:secret@h:5672/v', 'amqp://bob:***@h:5672/v'],
    ['see amqps://a:b%40c@h and amqp://x@h', 'see amqps://a:***@h and amqp://x@h'],
    ['no url here', 'no url here'],
  ])('%s', (text, expected) => expect(redactUrl(text)).toBe(expected));
});

describe('colorLevel', () => {
  const base = { flag: true, env: {}, isTTY: true, supported: 2 as const };
  it.each([
    ['a terminal', {}, 2],
    ['--no-color', { flag: false }, 0],
    ['NO_COLOR', { env: { NO_COLOR: '1' } }, 0],
    ['an empty NO_COLOR', { env: { NO_COLOR: '' } }, 2],
    ['a pipe', { isTTY: false }, 0],
    ['FORCE_COLOR on a pipe', { isTTY: false, env: { FORCE_COLOR: '1' } }, 2],
    ['FORCE_COLOR=0', { env: { FORCE_COLOR: '0' } }, 0],
    ['NO_COLOR over FORCE_COLOR', { env: { NO_COLOR: '1', FORCE_COLOR: '3' } }, 0],
    ['TERM=dumb', { env: { TERM: 'dumb' } }, 0],
  ])('%s', (_what, change, level) => expect(colorLevel({ ...base, ...change })).toBe(level));
});

describe('formatTable', () => {
  const rows = [
    ['queue', 'jobs'],
    ['messages', '12'],
  ];
  it('aligns on a terminal', () => expect(formatTable(rows, { tty: true })).toBe('queue     jobs\nmessages  12\n'));
  it('is tab-separated in a pipe', () => expect(formatTable(rows, { tty: false })).toBe('queue\tjobs\nmessages\t12\n'));
});

describe('globToRegExp', () => {
  it.each([
    ['jobs-*', 'jobs-a', true],
    ['jobs-*', 'old-jobs-a', false],
    ['jobs-?', 'jobs-ab', false],
    ['a.b', 'aXb', false],
    ['a.b', 'a.b', true],
    ['*', '', true],
  ])('%s against %j', (glob, name, matches) => expect(globToRegExp(glob).test(name)).toBe(matches));
});
