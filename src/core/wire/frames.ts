import { RuntimeError } from '../errors.js';

// AMQP 0-9-1 framing, just enough to find the header table of a content-header frame:
// type (1), channel (2), size (4), payload (size), 0xCE. A content-header payload is class (2),
// weight (2), body size (8), property flags (2), then the properties present, in order.
export const FRAME_METHOD = 1;
export const FRAME_HEADER = 2;
export const FRAME_END = 0xce;
export const BASIC_CLASS = 60;
export const HEADERS_FLAG = 0x2000;

/** amqplib's internals are not what the typed header hooks were written for (an upgrade?). */
export class AmqplibInternalsError extends RuntimeError {
  constructor(detail: string) {
    super(`cannot keep the AMQP types of header values: ${detail}`, {
      hint: 'this amqplib differs from the 2.3.1 that src/core/wire/raw-*.ts were written for (package.json pins it exactly); reinstall 2.3.1 or update those files',
    });
  }
}

/** The frame at `offset`: its type and where it ends; undefined when it is not all there. */
export function frameAt(bytes: Buffer, offset = 0): { type: number; end: number } | undefined {
  if (bytes.length < offset + 7) return undefined;
  const end = offset + 7 + bytes.readUInt32BE(offset + 3) + 1;
  return bytes.length < end ? undefined : { type: bytes.readUInt8(offset), end };
}

/** Where the header table (its 4-byte length) of the content-header frame at `frame` starts; undefined without one. */
export function headerTableOffset(bytes: Buffer, frame: number): number | undefined {
  const flags = bytes.readUInt16BE(frame + 7 + 12);
  if ((flags & HEADERS_FLAG) === 0) return undefined;
  let offset = frame + 7 + 14;
  if (flags & 0x8000) offset += 1 + bytes.readUInt8(offset); // contentType
  if (flags & 0x4000) offset += 1 + bytes.readUInt8(offset); // contentEncoding
  return offset;
}

/** A content-header frame on channel 1 whose properties are only `table` (with its length). */
export function probeHeaderFrame(table: Buffer, bodySize = 0): Buffer {
  const frame = Buffer.alloc(7 + 14 + table.length + 1);
  frame.writeUInt8(FRAME_HEADER, 0);
  frame.writeUInt16BE(1, 1);
  frame.writeUInt32BE(14 + table.length, 3);
  frame.writeUInt16BE(BASIC_CLASS, 7);
  frame.writeBigUInt64BE(BigInt(bodySize), 11);
  frame.writeUInt16BE(HEADERS_FLAG, 19);
  table.copy(frame, 21);
  frame.writeUInt8(FRAME_END, frame.length - 1);
  return frame;
}
