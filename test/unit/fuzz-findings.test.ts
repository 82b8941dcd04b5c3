import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import { fromEnvelopeLine } from '../../src/core/envelope-read.js';
import { parseArguments, splitKeyValue } from '../../src/core/key-value.js';
import { parseDelimiter } from '../../src/core/delimiter.js';
import { parseRcContent } from '../../src/core/settings/rc-schema.js';
import { resolveSettings } from '../../src/core/settings/resolve.js';

const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

// One test per bug the fuzz tests found.
describe('found by fuzzing', () => {
  it('an rc key with control characters is named on one line', () => {
    const error = thrown(() => parseRcContent({ 'ho\nst\x1b[2J': 'x' }, '/rc'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("unknown key 'ho\\x0ast\\x1b[2J' in /rc");
  });

  it('a profile name with control characters is named on one line', () => {
    const error = thrown(() => parseRcContent({ profiles: { 'a\rb': { hots: 1 } } }, '/rc'));
    expect(error.message).toBe("unknown key 'hots' in profile 'a\\x0db' in /rc");
    const rc = parseRcContent({ profiles: { 'x\ny': {} } }, '/rc');
    expect(thrown(() => resolveSettings({ flags: { profile: 'p\x07' }, env: {}, rc })).message).toBe("profile 'p\\x07' (from --profile) is not defined in /rc");
  });

  it('a bad port from an rc file is echoed on one line', () => {
    const rc = parseRcContent({ port: '56\n72' }, '/rc');
    expect(thrown(() => resolveSettings({ flags: {}, env: {}, rc })).message).toBe("port in /rc must be a port number from 1 to 65535, not '56\\x0a72'");
  });

  it('--header without = is echoed on one line', () => {
    const error = thrown(() => splitKeyValue('a\x1b]0;t\x07', '--header'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("--header expects key=value, not 'a\\x1b]0;t\\x07'");
  });

  it('a --header key over 255 bytes is refused before amqplib throws a RangeError', () => {
    expect(thrown(() => splitKeyValue(`${'k'.repeat(256)}=v`, '--header')).message).toBe(`--header key '${'k'.repeat(40)}…' is longer than 255 bytes`);
    expect(splitKeyValue(`${'k'.repeat(255)}=v`, '--header')).toEqual(['k'.repeat(255), 'v']);
  });

  it('an --arg number past 2^53 is refused, not rounded or thrown by amqplib', () => {
    const error = thrown(() => parseArguments(['x-max-length=-9223372036854776833']));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('--arg x-max-length: -9223372036854776833 is beyond the whole numbers a message can carry exactly (±9007199254740991)');
    expect(parseArguments(['x-max-length=9007199254740991', 'x-s="9223372036854776833"'])).toEqual({
      'x-max-length': 9007199254740991,
      'x-s': '9223372036854776833',
    });
  });

  it('--delimiter keeps characters outside the BMP whole', () => {
    expect(parseDelimiter('😀')).toEqual(Buffer.from('😀'));
    expect(parseDelimiter('\\😀')).toEqual(Buffer.from('\\😀'));
    expect(parseDelimiter('𐀀\\x00')).toEqual(Buffer.concat([Buffer.from('𐀀'), Buffer.from([0])]));
  });
});

describe('numbers amqplib cannot write', () => {
  it.each([[-9223372036854778000], [2 ** 63], [1e300], [1239090958951808.2]])('%d in an envelope header is a usage error naming it', (value) => {
    const line = `{"body":"","properties":{"headers":{"a":{"b":${JSON.stringify(value)}}}}}`;
    expect(() => fromEnvelopeLine(line, 1)).toThrow(
      /^line 1 of stdin: "properties.headers.a.b": (.* is a whole number beyond 2\^53|write .* as \{"!":"double")/,
    );
  });
  it('--arg refuses a fraction amqplib would take for a whole number', () => {
    expect(() => parseArguments(['x=1239090958951808.2'])).toThrow(/--arg x: 1239090958951808\.2 has a fraction, and is too large/);
  });
});
