import { isUtf8 } from 'node:buffer';
import { typedHeaders } from './typed-headers.js';
import { nullObject, type TypedTable, type TypedValue } from './typed-value.js';

/**
 * The header table of a message delivered on a channel with enableTypedHeaders(), as plain JS
 * values in the shape amqplib's decoder gives (what templates print), but read through
 * typedHeaders(): decimal digits signed, an int64 beyond 2^53 a bigint rather than rounded, a key
 * such as `__proto__` kept. Undefined when the message has no header table.
 */
export function plainHeaders(message: { properties: object }): Record<string, unknown> | undefined {
  const table = typedHeaders(message);
  return table === undefined ? undefined : plainTable(table);
}

function plainTable(table: TypedTable): Record<string, unknown> {
  return nullObject(Object.entries(table).map(([key, value]) => [key, plainValue(value)]));
}

function plainValue(typed: TypedValue): unknown {
  switch (typed.tag) {
    case 'V':
      return null;
    case 'S':
      // amqplib would put U+FFFD in place of bytes that are not UTF-8; the bytes say more.
      return isUtf8(typed.value) ? typed.value.toString('utf8') : typed.value;
    case 'l':
      return Number.isSafeInteger(Number(typed.value)) ? Number(typed.value) : typed.value;
    case 'T':
      return { '!': 'timestamp', value: Number.isSafeInteger(Number(typed.value)) ? Number(typed.value) : typed.value };
    case 'D':
      return { '!': 'decimal', value: { places: typed.places, digits: typed.digits } };
    case 'F':
      return plainTable(typed.value);
    case 'A':
      return typed.value.map(plainValue);
    default:
      return typed.value;
  }
}
