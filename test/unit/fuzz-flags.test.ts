import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseArguments } from '../../src/core/key-value.js';
import { parseDelimiter } from '../../src/core/delimiter.js';
import { propertiesFromFlags } from '../../src/core/send/properties.js';
import { cleanOutcome } from '../helpers/clean-error.js';

// amqplib's own table encoder, reached by file path (its package exports hide lib/).
const require = createRequire(import.meta.url);
const codec = require(join(dirname(require.resolve('amqplib')), 'lib', 'codec.js')) as {
  encodeTable: (buffer: Buffer, table: unknown, offset: number) => number;
};
const encodes = (table: unknown) => codec.encodeTable(Buffer.alloc(1 << 20), table, 0);

const RUNS = { numRuns: 300 };
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 250, maxLength: 300 }),
  fc.bigInt().map(String),
  fc.double().map(String),
);
const pair = fc.oneof(
  text,
  fc.tuple(text, fc.constantFrom('=', '==', '="'), text).map((parts) => parts.join('')),
);

describe('--header and --arg on garbage', () => {
  it('--header: headers amqplib can encode, or a UsageError with one clean line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 4 }), async (header) => {
        const outcome = await cleanOutcome(() => propertiesFromFlags({ header }), UsageError);
        if (!(outcome instanceof Error)) expect(() => encodes(outcome.headers)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('--arg: typed arguments amqplib can encode, or a UsageError with one clean line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 4 }), async (args) => {
        const outcome = await cleanOutcome(() => parseArguments(args), UsageError);
        if (!(outcome instanceof Error)) expect(() => encodes(outcome)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('--header keeps every byte of the value, = included', async () => {
    await fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 50 }).filter((key) => !key.includes('=') && !key.endsWith(':')), // key:= is typed
        fc.string({ unit: 'binary' }),
        (key, value) => {
          expect(propertiesFromFlags({ header: [`${key}=${value}`] }).headers).toEqual({ [key]: value });
        },
      ),
      RUNS,
    );
  });
});

describe('--delimiter on garbage', () => {
  /** Any bytes, written with the escapes --delimiter documents. */
  const escaped = (bytes: Uint8Array) => [...bytes].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');

  it('never throws, and gives bytes for any non-empty text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), async (textInput) => {
        const outcome = await cleanOutcome(() => parseDelimiter(textInput), UsageError);
        expect(outcome).toBeInstanceOf(Buffer);
        expect((outcome as Buffer).length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('\\xHH escapes give back exactly the bytes they spell', async () => {
    await fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), (bytes) => {
        expect([...parseDelimiter(escaped(bytes))]).toEqual([...bytes]);
      }),
      RUNS,
    );
  });

  it('text without a backslash is its own UTF-8', async () => {
    await fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\\')),
        (plain) => {
          expect(parseDelimiter(plain).equals(Buffer.from(plain))).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
