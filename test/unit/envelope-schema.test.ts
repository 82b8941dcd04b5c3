// The JSON Schema we publish (schema/envelope.schema.json) describes what listen --json prints and
// what send --json takes: every envelope listen could print validates, and so does every line send
// accepts.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTable } from '../../src/core/wire/table-codec.js';
import { fromEnvelopeLine } from '../../src/core/envelope-read.js';
import { toEnvelope } from '../../src/core/envelope.js';
import type { Message } from 'amqplib';
import { probeHeaderFrame } from '../../src/core/wire/frames.js';
import { tableFromJson, tableToJson } from '../../src/core/amqp/typed-json.js';
import { enableTypedHeaders } from '../../src/core/wire/typed-headers.js';
import type { TypedTable } from '../../src/core/wire/typed-value.js';
import { fakeConnection } from '../helpers/amqplib-lib.js';
import { table } from '../helpers/typed-arbitraries.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/envelope.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const valid = (value: unknown) => validate(value) || expect.fail(JSON.stringify(validate.errors?.slice(0, 3)));

/** A message as listen --json gets it: amqplib read its header frame on a connection with the typed hook. */
function delivered(headers: TypedTable, body: Uint8Array) {
  const { connection, channel } = fakeConnection([probeHeaderFrame(encodeTable(headers), body.length)]);
  enableTypedHeaders(channel);
  const properties = (connection.recvFrame() as { fields: object }).fields;
  return { content: Buffer.from(body), fields: { exchange: 'e', routingKey: 'k', redelivered: false }, properties } as unknown as Message;
}

describe('envelope.schema.json', () => {
  it('accepts hand-written envelopes of every kind, and refuses broken ones', () => {
    const ok = [
      { body: 'x' },
      { body: '/w==', bodyEncoding: 'base64', properties: { deliveryMode: 2, priority: 5, expiration: '100', timestamp: 9 } },
      { body: '', properties: { headers: { n: 1, s: 'x', f: 2.5, a: [1, 'b'], t: { k: null }, '!': 'a key' } } },
      { body: '', properties: { headers: { i: { '!': 'int64', value: '9223372036854775807' }, d: { '!': 'double', value: '-0' } } } },
      { body: '', properties: { headers: { m: { '!': 'table', value: { '!': { '!': 'uint8', value: 255 } } } } } },
      { body: '', properties: { headers: { v: { '!': 'void' }, x: { '!': 'bytes', value: 'AAE=' }, D: { '!': 'decimal', value: { places: 2, digits: 5 } } } } },
    ];
    for (const envelope of ok) valid(envelope);
    const bad = [
      {},
      { body: 1 },
      { body: '', properties: { colour: 'red' } },
      { body: '', properties: { priority: 256 } },
      { body: '', properties: { headers: { n: { '!': 'int8', value: 128 } } } },
      { body: '', properties: { headers: { n: { '!': 'weird', value: 1 } } } },
      { body: '', properties: { headers: { n: { '!': 'int64', value: '1.5' } } } },
      { body: '', properties: { headers: { n: { '!': 'bytes', value: '!!' } } } },
      { body: '', properties: { headers: { n: { '!': 'void', value: 1 } } } },
    ];
    for (const envelope of bad) expect(validate(envelope), JSON.stringify(envelope)).toBe(false);
  });

  it('every envelope listen --json prints validates (random typed tables, raw from the wire)', () => {
    fc.assert(
      fc.property(table, fc.uint8Array({ maxLength: 8 }), (headers, body) => {
        const envelope = JSON.parse(JSON.stringify(toEnvelope(delivered(headers, body), new Date(0))));
        valid(envelope);
        if (Object.keys(headers).length > 0) expect(tableFromJson(envelope.properties.headers)).toEqual(headers);
      }),
      { numRuns: 500 },
    );
  });

  it('every line send --json accepts validates', () => {
    const headerJson = fc.jsonValue({ maxDepth: 3 }).filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
    fc.assert(
      fc.property(
        fc.oneof(
          headerJson,
          table.map((t) => JSON.parse(JSON.stringify(tableToJson(t))) as object),
        ),
        (headers) => {
          const line = JSON.stringify({ body: 'x', properties: { headers } });
          let accepted = true;
          try {
            fromEnvelopeLine(line, 1);
          } catch {
            accepted = false;
          }
          if (accepted) valid(JSON.parse(line));
        },
      ),
      { numRuns: 500 },
    );
  });
});
