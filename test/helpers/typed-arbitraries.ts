// fast-check arbitraries of typed header tables, every tag and the awkward keys among them.
import fc from 'fast-check';
import { INT64, INTEGERS, type IntegerTag, type TypedTable, type TypedValue, tableOf, UINT64 } from '../../src/core/wire/typed-value.js';

const bytes = fc.uint8Array({ maxLength: 12 }).map((array) => Buffer.from(array));
const integer = (tag: IntegerTag) => fc.integer(INTEGERS[tag]).map((value): TypedValue => ({ tag, value }));
const key = fc.oneof(
  fc.constantFrom('!', '__proto__', 'value', 'x-death', '0', '17'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

export const typedValue: fc.Arbitrary<TypedValue> = fc.letrec<{ value: TypedValue; table: TypedTable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((value): TypedValue => ({ tag: 't', value })),
    ...(Object.keys(INTEGERS) as IntegerTag[]).map(integer),
    fc.bigInt(INT64).map((value): TypedValue => ({ tag: 'l', value })),
    fc.bigInt(UINT64).map((value): TypedValue => ({ tag: 'T', value })),
    fc.float().map((value): TypedValue => ({ tag: 'f', value })),
    fc.double().map((value): TypedValue => ({ tag: 'd', value })),
    fc
      .record({ places: fc.integer({ min: 0, max: 255 }), digits: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) })
      .map((d): TypedValue => ({ tag: 'D', ...d })),
    fc
      .oneof(
        fc.string({ unit: 'grapheme', maxLength: 8 }).map((text) => Buffer.from(text)),
        bytes,
      )
      .map((value): TypedValue => ({ tag: 'S', value })),
    bytes.map((value): TypedValue => ({ tag: 'x', value })),
    fc.constant<TypedValue>({ tag: 'V' }),
    tie('table').map((value): TypedValue => ({ tag: 'F', value })),
    fc.array(tie('value'), { maxLength: 4 }).map((value): TypedValue => ({ tag: 'A', value })),
  ),
  table: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(tableOf),
})).value;
export const table = fc.array(fc.tuple(key, typedValue), { maxLength: 6 }).map(tableOf);
