import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAmqplibHeaders } from '../../src/core/wire/amqplib-values.js';
import { decodeTable, encodeTable } from '../../src/core/wire/table-codec.js';
import { tableFromJson, tableToJson } from '../../src/core/amqp/typed-json.js';
import type { TypedValue } from '../../src/core/wire/typed-value.js';
import { table } from '../helpers/typed-arbitraries.js';
import { amqplibEncode } from '../helpers/amqplib-lib.js';

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
