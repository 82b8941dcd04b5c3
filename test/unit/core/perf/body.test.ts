import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, makeBody, readStamp, stamp } from '../../../../src/core/perf/body.js';

describe("PerfTest's body layout", () => {
  it('puts a 4-byte big-endian sequence, then an 8-byte big-endian timestamp, at the start', () => {
    const body = stamp(makeBody(16), 0x01020304, 0x05060708090a0b0cn);
    expect([...body]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0]);
  });

  it.each([
    [0, 12],
    [5, 12],
    [12, 12],
    [1000, 1000],
  ])('a --size of %i makes a body of %i bytes', (size, length) => {
    expect(makeBody(size).length).toBe(length);
  });

  it('reads back what it wrote, for every sequence and time (Java ints and longs are signed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (sequence, time) => {
        expect(readStamp(stamp(makeBody(HEADER_BYTES), sequence, time))).toEqual({ sequence, time });
      }),
    );
  });

  it('reads a body written by hand the way Java DataOutputStream writes it', () => {
    const java = Buffer.from('0000002a000000e8d4a51000', 'hex');
    expect(readStamp(java)).toEqual({ sequence: 42, time: 1_000_000_000_000n });
  });

  it('finds no stamp in a body shorter than 12 bytes', () => {
    expect(readStamp(Buffer.alloc(11))).toBeUndefined();
    expect(readStamp(Buffer.alloc(12))).toEqual({ sequence: 0, time: 0n });
  });
});
