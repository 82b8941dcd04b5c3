import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTable, encodeTable, TableFormatError } from '../../../../src/core/wire/table-codec.js';
import type { TypedValue } from '../../../../src/core/wire/typed-value.js';

const hex = (text: string) => Buffer.from(text.replaceAll(' ', ''), 'hex');
const tag = (letter: string) => Buffer.from(letter, 'latin1').toString('hex');

// Each wire type as AMQP 0-9-1 (with RabbitMQ's errata) lays it out: the tag byte, then the value.
const LAYOUTS: [string, TypedValue, string][] = [
  ['boolean', { tag: 't', value: true }, `${tag('t')} 01`],
  ['signed 8-bit', { tag: 'b', value: -1 }, `${tag('b')} ff`],
  ['unsigned 8-bit', { tag: 'B', value: 255 }, `${tag('B')} ff`],
  ['signed 16-bit', { tag: 's', value: -2 }, `${tag('s')} fffe`],
  ['unsigned 16-bit', { tag: 'u', value: 65_535 }, `${tag('u')} ffff`],
  ['signed 32-bit', { tag: 'I', value: -2 }, `${tag('I')} fffffffe`],
  ['unsigned 32-bit', { tag: 'i', value: 4_294_967_295 }, `${tag('i')} ffffffff`],
  ['signed 64-bit', { tag: 'l', value: -2n }, `${tag('l')} fffffffffffffffe`],
  ['unsigned 64-bit', { tag: 'T', value: 2n ** 64n - 1n }, `${tag('T')} ffffffffffffffff`],
  ['float', { tag: 'f', value: 1.5 }, `${tag('f')} 3fc00000`],
  ['double', { tag: 'd', value: 1.5 }, `${tag('d')} 3ff8000000000000`],
  ['decimal', { tag: 'D', places: 2, digits: 12_345 }, `${tag('D')} 02 00003039`],
  ['long string', { tag: 'S', value: Buffer.from('hi') }, `${tag('S')} 00000002 6869`],
  ['byte array', { tag: 'x', value: Buffer.of(0, 255) }, `${tag('x')} 00000002 00ff`],
  ['void', { tag: 'V' }, tag('V')],
  ['nested table', { tag: 'F', value: { k: { tag: 'B', value: 1 } } }, `${tag('F')} 00000004 01${tag('k')} ${tag('B')}01`],
  ['array', { tag: 'A', value: [{ tag: 'B', value: 1 }, { tag: 'V' }] }, `${tag('A')} 00000003 ${tag('B')}01 ${tag('V')}`],
];

describe('encodeTable and decodeTable', () => {
  it.each(LAYOUTS)('%s', (_what, value, layout) => {
    const field = Buffer.concat([hex(`01 ${tag('k')}`), hex(layout)]);
    const wire = Buffer.concat([Buffer.alloc(4), field]);
    wire.writeUInt32BE(field.length);
    expect(encodeTable({ k: value }).toString('hex')).toBe(wire.toString('hex'));
    expect(decodeTable(field)).toEqual({ k: value });
  });

  it('keeps the order of keys, UTF-8 keys included, and reads an empty table', () => {
    const table = { zeta: { tag: 'V' }, ключ: { tag: 't', value: false }, alpha: { tag: 'V' } } as const;
    expect(Object.keys(decodeTable(encodeTable(table).subarray(4)))).toEqual(['zeta', 'ключ', 'alpha']);
    expect(encodeTable({})).toEqual(Buffer.alloc(4));
    expect(decodeTable(Buffer.alloc(0))).toEqual({});
  });

  it('refuses a key longer than a short string', () => {
    expect(() => encodeTable({ ['k'.repeat(256)]: { tag: 'V' } })).toThrow(RangeError);
    expect(encodeTable({ ['k'.repeat(255)]: { tag: 'V' } })).toHaveLength(4 + 1 + 255 + 1);
  });

  it.each([
    ['a key without its value', `01 ${tag('k')}`, 'field table cut short at byte 2 of 2'],
    ['a key longer than what is left', `05 ${tag('k')}`, 'field table cut short at byte 1 of 2'],
    ['an integer cut short', `01 ${tag('k')} ${tag('I')} 0000`, 'field table cut short at byte 3 of 5'],
    ['a string longer than the table', `01 ${tag('k')} ${tag('S')} 00000009 68`, 'field table cut short at byte 7 of 8'],
    ['an unknown type tag', `01 ${tag('k')} ${tag('Z')}`, 'unknown field type tag 0x5a at byte 2'],
    [
      'a nested value past its table',
      `01 ${tag('k')} ${tag('F')} 00000003 01${tag('j')} ${tag('B')}01`,
      'a value runs past the end of its table or array at byte 10',
    ],
    ['an array item past its array', `01 ${tag('k')} ${tag('A')} 00000001 ${tag('B')}01`, 'a value runs past the end of its table or array at byte 8'],
  ])('says where the bytes are wrong: %s', (_what, bytes, message) => {
    const decode = () => decodeTable(hex(bytes));
    expect(decode).toThrow(TableFormatError);
    expect(decode).toThrow(message);
  });

  it('any bytes either decode or fail with a TableFormatError, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeTable(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(TableFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
