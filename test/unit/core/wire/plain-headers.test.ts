import { describe, expect, it } from 'vitest';
import { plainHeaders } from '../../../../src/core/wire/plain-headers.js';
import { typedDelivery } from '../../../helpers/typed-message.js';

const delivered = (headers: unknown) => typedDelivery({ properties: { headers } });

describe('plainHeaders: amqplib’s shapes, read from the bytes', () => {
  it('gives what amqplib would, but a decimal signed, an int64 exact and a __proto__ key kept', () => {
    const headers = JSON.parse(
      '{"s":"text","n":7,"d":{"!":"decimal","value":{"places":2,"digits":4294954951}},"__proto__":"kept","t":{"!":"timestamp","value":5}}',
    );
    headers.big = { '!': 'int64', value: 2 ** 60 };
    headers.bytes = Buffer.from([0xff]);
    const plain = plainHeaders(delivered(headers)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect(Object.keys(plain)).toEqual(['s', 'n', 'd', '__proto__', 't', 'big', 'bytes']);
    expect(plain.s).toBe('text');
    expect(plain.n).toBe(7);
    expect(plain.d).toEqual({ '!': 'decimal', value: { places: 2, digits: -12_345 } });
    expect(Object.entries(plain).find(([key]) => key === '__proto__')?.[1]).toBe('kept');
    expect(plain.t).toEqual({ '!': 'timestamp', value: 5 });
    expect(plain.big).toBe(2n ** 60n);
    expect(plain.bytes).toEqual(Buffer.from([0xff]));
  });

  it('has no table for a message without one', () => {
    expect(plainHeaders(delivered(undefined))).toBeUndefined();
    expect(plainHeaders(delivered({}))).toEqual({});
  });
});
