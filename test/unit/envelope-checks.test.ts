import { describe, expect, it } from 'vitest';
import { fromEnvelopeLine } from '../../src/core/envelope-read.js';
import { UsageError } from '../../src/core/errors.js';

const line = (properties: unknown) => JSON.stringify({ body: 'x', properties });
const header = (value: unknown) => line({ headers: { h: value } });

// Each was found by the fuzz tests: amqplib threw a RangeError or TypeError mid-publish, wrote
// 0 for a value it could not read, or the error message carried raw control characters.
describe('envelopes amqplib could not have encoded are refused up front', () => {
  it.each([
    [header({ '!': 'byte', value: 1000 }), 'a "byte" header value must be a whole number from -128 to 127'],
    [header({ '!': 'int', value: 'abc' }), 'a "int" header value must be a whole number from -2147483648 to 2147483647'],
    [header({ '!': 'long', value: 1e30 }), 'a "long" header value must be a whole number that fits in 64 bits'],
    [header({ '!': 'timestamp', value: 'x' }), 'a "timestamp" header value must be whole seconds since 1970'],
    [header({ '!': 'decimal', value: 1 }), 'a "decimal" header value must be {"places": 0 to 255, "digits": 0 to 4294967295}'],
    [header([{ '!': 'float', value: null }]), 'a "float" header value must be a number'],
    [header({ '!': 'toString' }), 'unknown header value type "toString"'],
    [line({ headers: { ['k'.repeat(256)]: 1 } }), `header name "${'k'.repeat(40)}"… is longer than 255 bytes`],
    [line({ contentType: 'é'.repeat(128) }), '"properties.contentType" is longer than 255 bytes'],
    [line({ 'bad\nkey\x1b': 1 }), 'unknown property "bad\\x0akey\\x1b"'],
  ])('%s', (text, reason) => {
    const error = (() => {
      try {
        fromEnvelopeLine(text, 4);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`line 4 of stdin: ${reason}`);
  });

  it('a JSON error about a control character stays on one line', () => {
    expect(() => fromEnvelopeLine('\x00', 1)).toThrow(/^line 1 of stdin is not valid JSON: Unexpected token '\\x00'$/);
  });

  it('typed values in range pass as they are', () => {
    const value = { '!': 'long', value: -(2 ** 53) };
    expect(fromEnvelopeLine(header(value), 1).properties.headers).toEqual({ h: value });
    expect(fromEnvelopeLine(header({ '!': 'decimal', value: { places: 2, digits: 12345 } }), 1).properties.headers?.h).toBeDefined();
  });
});
