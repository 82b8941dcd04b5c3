/** PerfTest's layout: a 4-byte big-endian sequence number, then an 8-byte big-endian timestamp. */
export const HEADER_BYTES = 12;

/** What the first 12 bytes of a perf message say. */
export interface Stamp {
  sequence: number;
  /** Nanoseconds of the monotonic clock, or milliseconds of the wall clock with --use-millis. */
  time: bigint;
}

/**
 * A body of `size` bytes (at least 12) whose start is the stamp; the rest is zeros, as PerfTest
 * sends. The buffer is the caller's to reuse: amqplib copies it into the frame at publish.
 */
export function makeBody(size: number): Buffer {
  return Buffer.alloc(Math.max(size, HEADER_BYTES));
}

/** Writes the stamp into the start of `body` (in place) and returns it. */
export function stamp(body: Buffer, sequence: number, time: bigint): Buffer {
  body.writeInt32BE(sequence | 0, 0);
  body.writeBigInt64BE(time, 4);
  return body;
}

/** Reads the stamp at the start of a body; undefined when the body is too short to hold one. */
export function readStamp(body: Buffer): Stamp | undefined {
  if (body.length < HEADER_BYTES) return undefined;
  return { sequence: body.readInt32BE(0), time: body.readBigInt64BE(4) };
}
