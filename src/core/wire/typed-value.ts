/**
 * An AMQP 0-9-1 field-table value with its wire type, as RabbitMQ's errata lists them:
 * https://www.rabbitmq.com/amqp-0-9-1-errata.html#section_3. `tag` is the byte on the wire.
 */
export type TypedValue =
  | { tag: 't'; value: boolean }
  | { tag: IntegerTag; value: number }
  | { tag: 'l' | 'T'; value: bigint }
  | { tag: 'f' | 'd'; value: number }
  | { tag: 'D'; places: number; digits: number }
  | { tag: 'S' | 'x'; value: Buffer }
  | { tag: 'V' }
  | { tag: 'F'; value: TypedTable }
  | { tag: 'A'; value: TypedValue[] };

/**
 * A field table. Keys are AMQP short strings; a JS object keeps the last of duplicate keys. Made
 * by tableOf() with no prototype, so that a key such as `__proto__` or `toString` is only a key.
 */
export type TypedTable = Record<string, TypedValue>;

/** What JSON.parse can give back. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type IntegerTag = 'b' | 'B' | 's' | 'u' | 'I' | 'i';
export type Tag = TypedValue['tag'];

/** Byte width and range of each fixed-width integer tag. */
export const INTEGERS: Readonly<Record<IntegerTag, { bytes: number; min: number; max: number }>> = {
  b: { bytes: 1, min: -128, max: 127 },
  B: { bytes: 1, min: 0, max: 255 },
  s: { bytes: 2, min: -32_768, max: 32_767 },
  u: { bytes: 2, min: 0, max: 65_535 },
  I: { bytes: 4, min: -2_147_483_648, max: 2_147_483_647 },
  i: { bytes: 4, min: 0, max: 4_294_967_295 },
};

export const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
export const UINT64 = { min: 0n, max: 2n ** 64n - 1n };

export function isIntegerTag(tag: string): tag is IntegerTag {
  return Object.hasOwn(INTEGERS, tag);
}

/** A table from entries, with no prototype: any key, `__proto__` too, is a key like the others. */
export function tableOf(entries: Iterable<readonly [string, TypedValue]>): TypedTable {
  return nullObject(entries);
}

/** An object with no prototype holding `entries`; assignment cannot reach Object.prototype's `__proto__` setter on it. */
export function nullObject<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const object = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) object[key] = value;
  return object;
}
