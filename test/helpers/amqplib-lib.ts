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

const defs = require(join(lib, 'defs.js')) as { decode: (id: number, payload: Buffer) => Record<string, unknown> };

/** amqplib's own reading of a content-header payload (class, weight, size, flags, properties): the message's properties. */
export function decodeProperties(payload: Buffer): Record<string, unknown> {
  return defs.decode(payload.readUInt16BE(0), payload.subarray(12));
}

export const { Connection } = require(join(lib, 'connection.js')) as { Connection: { prototype: { recvFrame: () => unknown } } };

/** A table as amqplib's encoder writes it: 4-byte length, then the fields. */
export function amqplibEncode(table: unknown): Buffer {
  const buffer = Buffer.alloc(1 << 16);
  const length = codec.encodeTable(buffer, table, 0);
  return Buffer.from(buffer.subarray(0, length));
}

/** An amqplib Connection without a socket: frames come from `chunks`, writes go to `written`. */
export function fakeConnection(chunks: Buffer[] = []) {
  const written: Buffer[] = [];
  const connection = Object.assign(Object.create(Connection.prototype), {
    rest: Buffer.alloc(0),
    maxFrameSize: 0,
    frameMax: 4096,
    stream: { read: () => chunks.shift() ?? null },
    channels: [null, { buffer: { write: (chunk: Buffer) => written.push(chunk) > 0 } }],
    sentSinceLastCheck: false,
  }) as { recvFrame(): { fields: { headers: unknown } } | false; sendMessage: (...args: unknown[]) => boolean };
  return { connection, channel: { connection }, written };
}
