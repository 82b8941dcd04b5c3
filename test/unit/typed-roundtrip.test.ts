import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAmqplibHeaders } from '../../src/core/amqp/amqplib-values.js';
import { decodeTable, encodeTable } from '../../src/core/amqp/table-codec.js';
import { tableFromJson, tableToJson } from '../../src/core/amqp/typed-json.js';
import { INT64, INTEGERS, type IntegerTag, type TypedTable, type TypedValue, tableOf, UINT64 } from '../../src/core/amqp/typed-value.js';
import { amqplibEncode } from '../helpers/amqplib-lib.js';

const bytes = fc.uint8Array({ maxLength: 12 }).map((array) => Buffer.from(array));
const integer = (tag: IntegerTag) => fc.integer(INTEGERS[tag]).map((value): TypedValue => ({ tag, value }));
const key = fc.oneof(
  fc.constantFrom('!', '__proto__', 'value', 'x-death', '0', '17'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

const typedValue: fc.Arbitrary<TypedValue> = fc.letrec<{ value: TypedValue; table: TypedTable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((value): TypedValue => ({ tag: 't', value })),
    ...(Object.keys(INTEGERS) as IntegerTag[]).map(integer),
    fc.bigInt(INT64).map((value): TypedValue => ({ tag: 'l', value })),
    fc.bigInt(UINT64).map((value): TypedValue => ({ tag: 'T', value })),
    fc.float().map((value): TypedValue => ({ tag: 'f', value })),
    fc.double().map((value): TypedValue => ({ tag: 'd', value })),
    fc.record({ places: fc.integer({ min: 0, max: 255 }), digits: fc.integer({ min: 0, max: 0xffff_ffff }) }).map((d): TypedValue => ({ tag: 'D', ...d })),
    fc
      .oneof(
        fc.string({ unit: 'grapheme', maxLength: 8 }).map((text) => Buffer.from(text)),
        bytes,
      )
      .map((value): TypedValue => ({ tag: 'S', value })),
    bytes.map((value): TypedValue => ({ tag: 'x', value })),
    fc.constant<TypedValue>({ tag: 'V' }),
    tie('table').map((value): TypedValue => ({ tag: 'F', value })),
    fc.array(tie('value'), { maxLength: 4 }).map((value): TypedValue => ({ tag: 'A', value })),
  ),
  table: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(tableOf),
})).value;
const table = fc.array(fc.tuple(key, typedValue), { maxLength: 6 }).map(tableOf);

const RUNS = { numRuns: 1000 };

/** What amqplib cannot write (a long string not UTF-8) or RabbitMQ refuses (NaN, infinities). */
function unpublishable(value: TypedValue): boolean {
  if (value.tag === 'S') return !isUtf8(value.value);
  if (value.tag === 'f' || value.tag === 'd') return !Number.isFinite(value.value);
  if (value.tag === 'F') return Object.values(value.value).some(unpublishable);
  return value.tag === 'A' && value.value.some(unpublishable);
}

describe('typed tables survive decode → JSON → encode → decode, tag for tag', () => {
  it('our codec: bytes → table → the same bytes', () => {
    fc.assert(
      fc.property(table, (t) => {
        const wire = encodeTable(t);
        expect(encodeTable(decodeTable(wire.subarray(4)))).toEqual(wire);
      }),
      RUNS,
    );
  });

  it('through JSON text and back to the same bytes, by amqplib’s own encoder where it can write them', () => {
    fc.assert(
      fc.property(table, (t) => {
        const wire = encodeTable(t);
        const json = JSON.stringify(tableToJson(decodeTable(wire.subarray(4))));
        const back = tableFromJson(JSON.parse(json));
        expect(encodeTable(back)).toEqual(wire);
        if (Object.values(back).some(unpublishable)) expect(() => toAmqplibHeaders(back)).toThrow(/not valid UTF-8|RabbitMQ closes the connection/);
        else expect(amqplibEncode(toAmqplibHeaders(back))).toEqual(wire);
      }),
      RUNS,
    );
  });

  it('the JSON form is stable: JSON → table → the same JSON', () => {
    fc.assert(
      fc.property(table, (t) => {
        const json = JSON.parse(JSON.stringify(tableToJson(t)));
        expect(tableToJson(tableFromJson(json))).toEqual(json);
      }),
      RUNS,
    );
  });
});
