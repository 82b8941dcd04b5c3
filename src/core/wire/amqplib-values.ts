import { isUtf8 } from 'node:buffer';
import { nullObject, type TypedTable, type TypedValue } from './typed-value.js';

/** A value amqplib's encoder cannot write with its exact type; `path` says which. */
export class UnencodableValueError extends Error {
  override name = 'UnencodableValueError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

// amqplib's encodeFieldValue reads {'!': type, value} as "this type": these are its names. Every
// number goes out marked, so amqplib never guesses a type. 'object' routes a table that has a
// "!" key of its own to its 'F' case, which a plain object with that key would never reach.
const AMQPLIB_TYPES = { b: 'int8', B: 'uint8', s: 'int16', u: 'uint16', I: 'int32', i: 'uint32', l: 'int64', T: 'timestamp', f: 'float', d: 'double' } as const;

/** The `headers` to give amqplib's publish so that it writes each value with its exact wire type. */
export function toAmqplibHeaders(table: TypedTable, path = 'headers'): Record<string, unknown> {
  assertPublishable(table, path);
  return convertTable(table, path);
}

function convertTable(table: TypedTable, path: string): Record<string, unknown> {
  // No prototype: a key such as "__proto__" stays a key, also once amqplib's publish() wraps the
  // table in Object.create() and reads it back by name.
  return nullObject(Object.entries(table).map(([key, value]) => [key, toAmqplibValue(value, `${path}.${key}`)]));
}

/**
 * Refuses what RabbitMQ cannot take: it closes the whole connection (541 INTERNAL_ERROR) on a
 * NaN or infinite float or double, which Erlang cannot hold. Checked before anything is sent.
 */
export function assertPublishable(table: TypedTable, path = 'headers'): void {
  for (const [key, value] of Object.entries(table)) assertValue(value, `${path}.${key}`);
}

function assertValue(value: TypedValue, path: string): void {
  if ((value.tag === 'f' || value.tag === 'd') && !Number.isFinite(value.value)) {
    throw new UnencodableValueError(
      path,
      `RabbitMQ closes the connection on a ${value.value} ${value.tag === 'f' ? 'float' : 'double'} (Erlang has no such number), so it cannot be published`,
    );
  }
  if (value.tag === 'F') assertPublishable(value.value, path);
  if (value.tag === 'A') for (const [index, item] of value.value.entries()) assertValue(item, `${path}[${index}]`);
}

/** One value as amqplib's encoder should receive it. */
export function toAmqplibValue(typed: TypedValue, path: string): unknown {
  switch (typed.tag) {
    case 't':
      return typed.value;
    case 'V':
      return null;
    case 'x':
      return typed.value;
    case 'S':
      if (!isUtf8(typed.value)) {
        throw new UnencodableValueError(
          path,
          'amqplib writes long strings only from JS strings, so a long string that is not valid UTF-8 cannot be published as it was',
        );
      }
      return typed.value.toString('utf8');
    case 'D':
      // amqplib writes digits with writeUInt32BE: the same four bytes as the signed value.
      return { '!': 'decimal', value: { places: typed.places, digits: typed.digits >>> 0 } };
    case 'F': {
      const table = convertTable(typed.value, path);
      return Object.hasOwn(table, '!') ? { '!': 'object', value: table } : table;
    }
    case 'A':
      return typed.value.map((item, index) => toAmqplibValue(item, `${path}[${index}]`));
    default:
      return { '!': AMQPLIB_TYPES[typed.tag], value: typed.value };
  }
}
