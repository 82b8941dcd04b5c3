import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { fromEnvelopeLine, type DecodedEnvelope } from '../../src/core/envelope-read.js';
import { toAmqplibHeaders, UnencodableValueError } from '../../src/core/wire/amqplib-values.js';
import { encodeTable } from '../../src/core/wire/table-codec.js';
import type { TypedTable } from '../../src/core/wire/typed-value.js';
import { MARKERS } from '../../src/core/amqp/typed-markers.js';
import { cleanOutcome } from '../helpers/clean-error.js';

// amqplib's own encoder, reached by file path (its package exports hide lib/): whatever the parser
// accepts must be publishable, not a RangeError halfway through a send.
const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('amqplib')), 'lib');
const Args = require(join(lib, 'api_args.js')) as { publish: (exchange: string, key: string, options: unknown) => unknown };
const defs = require(join(lib, 'defs.js')) as { encodeProperties: (id: number, channel: number, size: number, fields: unknown) => Buffer };
const encodes = ({ body, properties, headers }: DecodedEnvelope) =>
  defs.encodeProperties(60, 1, body.length, Args.publish('', 'q', { ...properties, headers: headers && amqplibHeaders(headers) }));

/** The headers amqplib gets; a table only our raw path can write (a long string that is not UTF-8) is encoded by ours instead. */
function amqplibHeaders(headers: TypedTable): object | undefined {
  try {
    return toAmqplibHeaders(headers);
  } catch (error) {
    if (!(error instanceof UnencodableValueError)) throw error;
    encodeTable(headers);
    return undefined;
  }
}

const RUNS = { numRuns: 300 };
const PROPERTY_NAMES = ['contentType', 'headers', 'deliveryMode', 'priority', 'expiration', 'timestamp', 'messageId', 'userId', 'colour'];
const TYPES = [...Object.keys(MARKERS), 'table', 'weird', '__proto__'];

/** Any JSON value, with long and control-laden strings among them. */
const anyValue = fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 300 }), fc.integer(), fc.double(), fc.bigInt().map(Number));
const typedValue = fc.record({ '!': fc.constantFrom(...TYPES), value: fc.oneof(anyValue, fc.record({ places: anyValue, digits: anyValue })) });
const headerValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyValue,
    typedValue,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const headers = fc.dictionary(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ minLength: 250, maxLength: 300 })), headerValue, { maxKeys: 4 });
const envelope = fc.record(
  {
    body: fc.oneof(fc.string(), fc.base64String(), anyValue),
    bodyEncoding: fc.oneof(fc.constantFrom('utf8', 'base64'), anyValue),
    properties: fc.oneof(fc.dictionary(fc.constantFrom(...PROPERTY_NAMES), fc.oneof(anyValue, headers), { maxKeys: 4 }), anyValue),
  },
  { requiredKeys: [] },
);

describe('fromEnvelopeLine on garbage', () => {
  it('random text: a UsageError with one clean line, or an envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (line) => {
        await cleanOutcome(() => fromEnvelopeLine(line, 1), UsageError);
      }),
      RUNS,
    );
  });

  it('any JSON value: a UsageError, or an envelope amqplib can encode', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const outcome = await cleanOutcome(() => fromEnvelopeLine(JSON.stringify(value), 3), UsageError);
        if (!(outcome instanceof Error)) expect(() => encodes(outcome)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('envelope-shaped garbage: a UsageError, or an envelope amqplib can encode', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, async (value) => {
        const outcome = await cleanOutcome(() => fromEnvelopeLine(JSON.stringify(value), 7), UsageError);
        if (!(outcome instanceof Error)) expect(() => encodes(outcome)).not.toThrow();
      }),
      { numRuns: 600 },
    );
  });
});
