import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// amqplib's own modules, reached by file path (its package exports hide lib/), to check what we
// give it against its real encoder and decoder.
const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('amqplib')), 'lib');

export const codec = require(join(lib, 'codec.js')) as {
  encodeTable: (buffer: Buffer, value: unknown, offset: number) => number;
  decodeFields: (slice: Buffer) => Record<string, unknown>;
};

export const { Connection } = require(join(lib, 'connection.js')) as { Connection: { prototype: { recvFrame: () => unknown } } };

/** A table as amqplib's encoder writes it: 4-byte length, then the fields. */
export function amqplibEncode(table: unknown): Buffer {
  const buffer = Buffer.alloc(1 << 16);
  const length = codec.encodeTable(buffer, table, 0);
  return Buffer.from(buffer.subarray(0, length));
}
