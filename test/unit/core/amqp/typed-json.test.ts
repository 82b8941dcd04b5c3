import { describe, expect, it } from 'vitest';
import { toAmqplibHeaders, UnencodableValueError } from '../../../../src/core/wire/amqplib-values.js';
import { decodeTable, encodeTable } from '../../../../src/core/wire/table-codec.js';
import { tableFromJson, tableToJson, TypedJsonError, valueFromJson, valueToJson } from '../../../../src/core/amqp/typed-json.js';
import type { TypedValue } from '../../../../src/core/wire/typed-value.js';
import { amqplibEncode } from '../../../helpers/amqplib-lib.js';

const bytes = (...octets: number[]) => Buffer.from(octets);

// The JSON form, one row per case: the typed value, its JSON, and back.
const FORMS: [string, TypedValue, unknown][] = [
  ['bool', { tag: 't', value: true }, true],
  ['void', { tag: 'V' }, null],
  ['utf-8 long string', { tag: 'S', value: Buffer.from('héllo') }, 'héllo'],
  ['non-utf-8 long string', { tag: 'S', value: bytes(0xff, 0x41) }, { '!': 'longstr', value: '/0E=' }],
  ['byte array', { tag: 'x', value: bytes(0xff, 0x41) }, { '!': 'bytes', value: '/0E=' }],
  ['int8', { tag: 'b', value: -7 }, -7],
  ['int16 in int8 range', { tag: 's', value: 5 }, { '!': 'int16', value: 5 }],
  ['int16', { tag: 's', value: -300 }, -300],
  ['int32 in int8 range', { tag: 'I', value: 42 }, { '!': 'int32', value: 42 }],
  ['int32', { tag: 'I', value: 70_000 }, 70_000],
  ['int64 in int32 range', { tag: 'l', value: 1n }, { '!': 'int64', value: 1 }],
  ['int64', { tag: 'l', value: 2n ** 40n }, 2 ** 40],
  ['int64 beyond 2^53', { tag: 'l', value: 2n ** 60n + 1n }, { '!': 'int64', value: '1152921504606846977' }],
  ['int64 min', { tag: 'l', value: -(2n ** 63n) }, { '!': 'int64', value: '-9223372036854775808' }],
  ['uint8', { tag: 'B', value: 249 }, { '!': 'uint8', value: 249 }],
  ['uint16', { tag: 'u', value: 65_535 }, { '!': 'uint16', value: 65_535 }],
  ['uint32', { tag: 'i', value: 4_294_967_295 }, { '!': 'uint32', value: 4_294_967_295 }],
  ['double with a fraction', { tag: 'd', value: 2.5 }, 2.5],
  ['whole double', { tag: 'd', value: 2 }, { '!': 'double', value: 2 }],
  ['double -0', { tag: 'd', value: -0 }, { '!': 'double', value: '-0' }],
  ['double NaN', { tag: 'd', value: Number.NaN }, { '!': 'double', value: 'NaN' }],
  ['double 2^50 + 0.5', { tag: 'd', value: 2 ** 50 + 0.5 }, { '!': 'double', value: 2 ** 50 + 0.5 }],
  ['float', { tag: 'f', value: 1.5 }, { '!': 'float', value: 1.5 }],
  ['float -Infinity', { tag: 'f', value: -Infinity }, { '!': 'float', value: '-Infinity' }],
  ['timestamp', { tag: 'T', value: 1_700_000_000n }, { '!': 'timestamp', value: 1_700_000_000 }],
  ['timestamp beyond 2^53', { tag: 'T', value: 2n ** 64n - 1n }, { '!': 'timestamp', value: '18446744073709551615' }],
  ['decimal', { tag: 'D', places: 2, digits: 12_345 }, { '!': 'decimal', value: { places: 2, digits: 12_345 } }],
  ['table', { tag: 'F', value: { a: { tag: 'b', value: 1 } } }, { a: 1 }],
  ['table with a "!" key', { tag: 'F', value: { '!': { tag: 'S', value: Buffer.from('hello') } } }, { '!': 'table', value: { '!': 'hello' } }],
  ['array', { tag: 'A', value: [{ tag: 'V' }, { tag: 'f', value: 0.5 }] }, [null, { '!': 'float', value: 0.5 }]],
];

describe('the JSON form of typed values', () => {
  it.each(FORMS)('%s', (_, typed, json) => {
    expect(valueToJson(typed)).toEqual(json);
    expect(valueFromJson(JSON.parse(JSON.stringify(json)), 'h')).toEqual(typed);
  });

  const UNPUBLISHABLE = ['non-utf-8 long string', 'double NaN', 'float -Infinity'];
  it.each(FORMS.filter(([name]) => !UNPUBLISHABLE.includes(name)))('%s: amqplib writes the same bytes as our encoder', (_, typed) => {
    const table = { h: typed };
    const wire = encodeTable(table);
    expect(amqplibEncode(toAmqplibHeaders(tableFromJson(JSON.parse(JSON.stringify(tableToJson(table))))))).toEqual(wire);
    expect(decodeTable(wire.subarray(4))).toEqual(table);
  });

  it('amqplib cannot write a long string that is not UTF-8: refused, not changed', () => {
    expect(() => toAmqplibHeaders({ a: { tag: 'A', value: [{ tag: 'S', value: Buffer.from([0xc3]) }] } })).toThrow(
      new UnencodableValueError(
        'headers.a[0]',
        'amqplib writes long strings only from JS strings, so a long string that is not valid UTF-8 cannot be published as it was',
      ),
    );
  });

  it.each([
    [{ tag: 'd', value: Number.NaN }, 'headers.h[0]: RabbitMQ closes the connection on a NaN double (Erlang has no such number), so it cannot be published'],
    [
      { tag: 'f', value: -Infinity },
      'headers.h[0]: RabbitMQ closes the connection on a -Infinity float (Erlang has no such number), so it cannot be published',
    ],
  ] as [TypedValue, string][])('RabbitMQ refuses %j: refused before sending', (typed, message) => {
    expect(() => toAmqplibHeaders({ h: { tag: 'A', value: [typed] } })).toThrow(message);
  });

  it('a header table keeps a "!" key of its own at the top', () => {
    const table = { '!': { tag: 'S', value: Buffer.from('x') }, __proto__: { tag: 'b', value: 1 } } as const;
    const json = JSON.parse('{"!":"x","__proto__":1}');
    expect(tableToJson(tableFromJson(json))).toEqual(json);
    expect(Object.keys(tableFromJson(json))).toEqual(Object.keys(json));
    expect(decodeTable(amqplibEncode(toAmqplibHeaders(tableFromJson(json))).subarray(4))).toEqual(tableFromJson(json));
    expect(Object.keys(table)).toEqual(['!']); // an object literal's __proto__ is no key: the JSON one is
  });
});

describe('what mqcli envelopes have said so far reads the same', () => {
  it.each([
    [
      { '!': 'long', value: -(2 ** 53) },
      { tag: 'l', value: -(2n ** 53n) },
    ],
    [
      { '!': 'byte', value: -1 },
      { tag: 'b', value: -1 },
    ],
    [
      { '!': 'unsignedbyte', value: 255 },
      { tag: 'B', value: 255 },
    ],
    [
      { '!': 'short', value: 1 },
      { tag: 's', value: 1 },
    ],
    [
      { '!': 'unsignedshort', value: 1 },
      { tag: 'u', value: 1 },
    ],
    [
      { '!': 'int', value: 1 },
      { tag: 'I', value: 1 },
    ],
    [
      { '!': 'unsignedint', value: 1 },
      { tag: 'i', value: 1 },
    ],
    [
      { '!': 'float64', value: 1 },
      { tag: 'd', value: 1 },
    ],
    [
      { '!': 'bytes', value: 'AAE=' },
      { tag: 'x', value: bytes(0, 1) },
    ],
    [
      { '!': 'bytes', value: 'AAE' },
      { tag: 'x', value: bytes(0, 1) },
    ],
    [
      { '!': 'timestamp', value: 0 },
      { tag: 'T', value: 0n },
    ],
    [
      { '!': 'decimal', value: { places: 0, digits: 2_147_483_647 } },
      { tag: 'D', places: 0, digits: 2_147_483_647 },
    ],
    // Signed, as Go and PHP write -123.45.
    [
      { '!': 'decimal', value: { places: 2, digits: -12_345 } },
      { tag: 'D', places: 2, digits: -12_345 },
    ],
    [
      { '!': 'decimal', value: { places: 0, digits: -2_147_483_648 } },
      { tag: 'D', places: 0, digits: -2_147_483_648 },
    ],
  ])('%j', (json, typed) => {
    expect(valueFromJson(json, 'h')).toEqual(typed);
  });
});

describe('JSON that names no exact wire value is refused', () => {
  it.each([
    [{ '!': 'int8', value: 128 }, 'h: a "int8" value must be a whole number from -128 to 127'],
    [{ '!': 'uint32', value: -1 }, 'h: a "uint32" value must be a whole number from 0 to 4294967295'],
    [{ '!': 'int64', value: '9223372036854775808' }, 'h: a "int64" value must be a whole number from -2^63 to 2^63-1, as a number or a string of digits'],
    [{ '!': 'timestamp', value: -1 }, 'h: a "timestamp" value must be whole seconds since 1970, from 0 to 2^64-1, as a number or a string of digits'],
    [{ '!': 'double', value: 'nan' }, 'h: a "double" value must be a number, or "NaN", "Infinity", "-Infinity" or "-0"'],
    [{ '!': 'bytes', value: 'not base64!' }, 'h: a "bytes" value must be a base64 string'],
    [{ '!': 'longstr', value: 'A' }, 'h: a "longstr" value must be a base64 string'],
    [{ '!': 'bytes', value: 'AAF=' }, 'h: a "bytes" value must be a base64 string'],
    [
      { '!': 'decimal', value: { places: 256, digits: 1 } },
      'h: a "decimal" value must be {"places": 0 to 256, "digits": -2147483648 to 2147483647}'.replace('256,', '255,'),
    ],
    // What mqcli printed before digits were signed: no client writes it.
    [{ '!': 'decimal', value: { places: 2, digits: 4_294_954_951 } }, 'h: a "decimal" value must be {"places": 0 to 255, "digits": -2147483648 to 2147483647}'],
    [{ '!': 'table', value: [] }, 'h: a "table" value must be an object'],
    [
      { '!': 'toString' },
      'h: unknown header value type "toString"; known: int8, uint8, int16, uint16, int32, uint32, int64, float, double, timestamp, decimal, bytes, longstr, void, table',
    ],
    [
      2 ** 60,
      'h: 1152921504606847000 is a whole number beyond 2^53, which a JSON number cannot hold exactly; write {"!":"int64","value":"<digits>"} or {"!":"double","value":1152921504606847000}',
    ],
    [2 ** 50 + 0.5, 'h: write 1125899906842624.5 as {"!":"double","value":1125899906842624.5}: amqplib reads a plain number this large as a whole number'],
    [{ '!': 'bad\n\u001b' }, 'h: unknown header value type "bad\\n\\u001b"; known: int8'],
    [[1, { '!': 'int8', value: 1.5 }], 'h[1]: a "int8" value must be a whole number from -128 to 127'],
    [{ a: { b: { '!': 'uint8', value: 256 } } }, 'h.a.b: a "uint8" value must be a whole number from 0 to 255'],
  ])('%j', (json, message) => {
    expect(() => valueFromJson(json, 'h')).toThrow(TypedJsonError);
    expect(() => valueFromJson(json, 'h')).toThrow(message);
  });

  it('a key longer than 255 bytes', () => {
    expect(() => tableFromJson({ ['k'.repeat(256)]: 1 })).toThrow(`headers: key "${'k'.repeat(40)}…" is longer than 255 bytes`);
  });
});
