import { describe, expect, it } from 'vitest';
import { fromEnvelopeLine } from '../../src/core/envelope-read.js';
import { KNOWN } from '../../src/core/amqp/typed-markers.js';
import { UsageError } from '../../src/core/errors.js';

const line = (properties: unknown) => JSON.stringify({ body: 'x', properties });
const header = (value: unknown) => line({ headers: { h: value } });

// Each was found by the fuzz tests: amqplib threw a RangeError or TypeError mid-publish, wrote
// 0 for a value it could not read, or the error message carried raw control characters.
describe('envelopes amqplib could not have encoded are refused up front', () => {
  it.each([
    [header({ '!': 'byte', value: 1000 }), '"properties.headers.h": a "byte" value must be a whole number from -128 to 127'],
    [header({ '!': 'int', value: 'abc' }), '"properties.headers.h": a "int" value must be a whole number from -2147483648 to 2147483647'],
    [
      header({ '!': 'long', value: 1e30 }),
      '"properties.headers.h": a "long" value must be a whole number from -2^63 to 2^63-1, as a number or a string of digits',
    ],
    [
      header({ '!': 'timestamp', value: 'x' }),
      '"properties.headers.h": a "timestamp" value must be whole seconds since 1970, from 0 to 2^64-1, as a number or a string of digits',
    ],
    [header({ '!': 'decimal', value: 1 }), '"properties.headers.h": a "decimal" value must be {"places": 0 to 255, "digits": -2147483648 to 2147483647}'],
    [header([{ '!': 'float', value: null }]), '"properties.headers.h[0]": a "float" value must be a number, or "NaN", "Infinity", "-Infinity" or "-0"'],
    [header({ '!': 'toString' }), `"properties.headers.h": unknown header value type "toString"; known: ${KNOWN}`],
    [
      header({ '!': 'double', value: 'NaN' }),
      '"properties.headers.h": RabbitMQ closes the connection on a NaN double (Erlang has no such number), so it cannot be published',
    ],
    [line({ headers: { ['k'.repeat(256)]: 1 } }), `"properties.headers": key "${'k'.repeat(40)}…" is longer than 255 bytes`],
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

  it('typed values in range pass with the type they name', () => {
    expect(fromEnvelopeLine(header({ '!': 'long', value: -(2 ** 53) }), 1).headers).toEqual({ h: { tag: 'l', value: -(2n ** 53n) } });
    expect(fromEnvelopeLine(header({ '!': 'decimal', value: { places: 2, digits: 12345 } }), 1).headers).toEqual({ h: { tag: 'D', places: 2, digits: 12345 } });
  });
});
