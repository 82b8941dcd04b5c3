import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTablesJson, valueFromJson } from '../../../../src/core/amqp/typed-json.js';
import { UsageError } from '../../../../src/core/errors.js';
import { flagHeaders, headerTable, parseHeader } from '../../../../src/core/amqp/header-flags.js';
import { propertiesFromFlags, withFlagHeaders } from '../../../../src/core/send/properties.js';
import { cleanOutcome } from '../../../helpers/clean-error.js';

const text = (value: string) => ({ tag: 'S', value: Buffer.from(value) });

describe('-H key:=json (HTTPie) next to -H key=text', () => {
  it.each([
    ['n=5', 'n', text('5')],
    ['n:=5', 'n', { tag: 'b', value: 5 }],
    ['n:=300', 'n', { tag: 's', value: 300 }],
    ['n:=-70000', 'n', { tag: 'I', value: -70_000 }],
    ['n:=5000000000', 'n', { tag: 'l', value: 5_000_000_000n }],
    ['f:=1.5', 'f', { tag: 'd', value: 1.5 }],
    ['ok:=true', 'ok', { tag: 't', value: true }],
    ['none:=null', 'none', { tag: 'V' }],
    ['s:="a b"', 's', text('a b')],
    [
      'o:={"a":[1,2]}',
      'o',
      {
        tag: 'F',
        value: {
          a: {
            tag: 'A',
            value: [
              { tag: 'b', value: 1 },
              { tag: 'b', value: 2 },
            ],
          },
        },
      },
    ],
    ['big:={"!":"int64","value":"9223372036854775807"}', 'big', { tag: 'l', value: 9_223_372_036_854_775_807n }],
    ['u:={"!":"uint16","value":5}', 'u', { tag: 'u', value: 5 }],
    ['t:={"!":"timestamp","value":1700000000}', 't', { tag: 'T', value: 1_700_000_000n }],
    ['x:={"!":"bytes","value":"/wA="}', 'x', { tag: 'x', value: Buffer.from([0xff, 0]) }],
    // Signed digits, as Go and PHP write -123.45.
    ['d:={"!":"decimal","value":{"places":2,"digits":-12345}}', 'd', { tag: 'D', places: 2, digits: -12_345 }],
    ['o:={"__proto__":1}', 'o', { tag: 'F', value: JSON.parse('{"__proto__":{"tag":"b","value":1}}') }],
    ['a:b:=1', 'a:b', { tag: 'b', value: 1 }],
    ['a:b=1', 'a:b', text('1')],
    ['eq:="x=y"', 'eq', text('x=y')],
    ['k==v', 'k', text('=v')],
  ])('%s', (flag, key, value) => expect(parseHeader(flag)).toEqual([key, value]));

  it.each([
    ['n:=', /--header n: '' is not JSON/],
    ['n:=five', /--header n: 'five' is not JSON/],
    ['n:={"a":', /--header n: .* is not JSON/],
    ['n:={"!":"int8","value":1000}', /--header n: a "int8" value must be a whole number from -128 to 127/],
    ['n:={"!":"nope"}', /--header n: unknown header value type "nope"/],
    ['d:={"!":"decimal","value":{"places":2,"digits":4294954951}}', /--header d: a "decimal" value must be .*"digits": -2147483648 to 2147483647/],
    ['n:=12345678901234567890', /--header n: 12345678901234567000 is a whole number beyond 2\^53/],
    [':=5', /--header expects key=value, not ':=5'/],
    ['=5', /--header expects key=value/],
    ['novalue', /--header expects key=value/],
  ])('refuses %s, naming the header', (flag, message) => {
    expect(() => parseHeader(flag)).toThrow(UsageError);
    expect(() => parseHeader(flag)).toThrow(message);
  });

  it('a NaN double is refused before publishing: RabbitMQ would close the connection', () => {
    expect(() => propertiesFromFlags({ header: ['f:={"!":"double","value":"NaN"}'] })).toThrow(/--header f: RabbitMQ closes the connection on a NaN double/);
  });

  it('a later -H wins; typed headers go to amqplib with exact types', () => {
    expect(headerTable(['a=1', 'a:=2'])).toEqual({ a: { tag: 'b', value: 2 } });
    expect(propertiesFromFlags({ header: ['n:=5', 's=5', 'i:={"!":"int32","value":5}'] }).headers).toEqual({
      n: { '!': 'int8', value: 5 },
      s: '5',
      i: { '!': 'int32', value: 5 },
    });
  });

  it("lays typed flag headers over an envelope's typed table, key by key", () => {
    const own = { a: { tag: 'S', value: Buffer.from('x') }, n: { tag: 'S', value: Buffer.from('old') } } as const;
    expect(withFlagHeaders(own, flagHeaders(['n:={"!":"uint16","value":7}']))).toEqual({ a: own.a, n: { tag: 'u', value: 7 } });
    expect(flagHeaders([])).toBeUndefined();
  });

  it('property: any JSON value given with := is the value the envelope would read', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const flag = `k:=${JSON.stringify(json)}`;
        let expected: unknown;
        try {
          // As -H reads it: a `__proto__` key (fast-check makes them) stays a key.
          expected = valueFromJson(parseTablesJson(JSON.stringify(json)), 'k');
        } catch {
          expect(() => parseHeader(flag)).toThrow(UsageError);
          return;
        }
        expect(parseHeader(flag)).toEqual(['k', expected]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a marker whose type is not a name, in one clean line (fast-check found {"!":{}})', () => {
    expect(() => parseHeader('k:={"!":{}}')).toThrow(/unknown header value type \{\}/);
    expect(() => parseHeader('k:={"!":[1]}')).toThrow(UsageError);
  });

  it('keeps a __proto__ key given with :=', () => {
    expect(parseHeader('k:={"__proto__":{"a":1}}')).toEqual(['k', valueFromJson(parseTablesJson('{"__proto__":{"a":1}}'), 'k')]);
  });

  it('property: garbage gives a header or one clean line of UsageError', async () => {
    const garbage = fc.tuple(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('=', ':=', ':=:=', '=:='),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (parts) => {
        await cleanOutcome(() => parseHeader(parts.join('')), UsageError);
      }),
      { numRuns: 300 },
    );
  });
});
