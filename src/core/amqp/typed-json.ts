import { isUtf8 } from 'node:buffer';
import { floatToJson, KNOWN, MARKERS } from './typed-markers.js';
import { type IntegerTag, type Json, nullObject, type TypedTable, type TypedValue, tableOf } from '../wire/typed-value.js';

export type { Json };

/** The marker key of a typed value, as amqplib's `{'!': type, value}` and mqcli's envelope use it. */
export const MARKER = '!';

/** A JSON header value that names no AMQP value we can encode exactly. `path` says where. */
export class TypedJsonError extends Error {
  override name = 'TypedJsonError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

// Marker names we write, by tag. Plain JSON stands for: true/false 't', null 'V', a string 'S'
// (valid UTF-8), a number with a fraction 'd', a whole number the narrowest of 'b' 's' 'I' 'l'
// that holds it (what amqplib guesses), an array 'A', an object 'F'. Everything else is marked.
const NAMES: Record<IntegerTag | 'l' | 'f' | 'd', string> = {
  b: 'int8',
  B: 'uint8',
  s: 'int16',
  u: 'uint16',
  I: 'int32',
  i: 'uint32',
  l: 'int64',
  f: 'float',
  d: 'double',
};

/** The JSON of a header table: its keys as they are, even `"!"`. */
export function tableToJson(table: TypedTable): { [key: string]: Json } {
  return nullObject(Object.entries(table).map(([key, value]) => [key, valueToJson(value)]));
}

/**
 * JSON.parse for text that holds header tables (envelopes, `-H key:=json`): every object comes
 * with no prototype, so a key such as `__proto__` or `constructor` reads as the key it is.
 */
export function parseTablesJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? nullObject(Object.entries(value)) : value,
  );
}

/** The JSON of one typed value: plain where plain JSON reads back as the same wire type. */
export function valueToJson(typed: TypedValue): Json {
  switch (typed.tag) {
    case 't':
      return typed.value;
    case 'V':
      return null;
    case 'S':
      return isUtf8(typed.value) ? typed.value.toString('utf8') : marked('longstr', typed.value.toString('base64'));
    case 'x':
      return marked('bytes', typed.value.toString('base64'));
    case 'l':
    case 'T': {
      const small = typed.value >= BigInt(Number.MIN_SAFE_INTEGER) && typed.value <= BigInt(Number.MAX_SAFE_INTEGER);
      const value = small ? Number(typed.value) : typed.value.toString();
      if (typed.tag === 'T') return marked('timestamp', value);
      return small && plainTag(value as number) === 'l' ? value : marked('int64', value);
    }
    case 'f':
      return marked('float', floatToJson(typed.value));
    case 'd':
      return plainTag(typed.value) === 'd' ? typed.value : marked('double', floatToJson(typed.value));
    case 'D':
      return marked('decimal', { places: typed.places, digits: typed.digits });
    case 'F': {
      const json = tableToJson(typed.value);
      return Object.hasOwn(json, MARKER) ? marked('table', json) : json;
    }
    case 'A':
      return typed.value.map(valueToJson);
    default:
      return plainTag(typed.value) === typed.tag ? typed.value : marked(NAMES[typed.tag], typed.value);
  }
}

/** Reads a header table from its JSON; keys are taken as they are, even `"!"`. */
export function tableFromJson(json: unknown, path = 'headers'): TypedTable {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypedJsonError(path, 'must be an object');
  return tableOf(
    Object.entries(json).map(([key, value]) => {
      if (Buffer.byteLength(key) > 255) throw new TypedJsonError(path, `key "${key.slice(0, 40)}…" is longer than 255 bytes`);
      return [key, valueFromJson(value, `${path}.${key}`)];
    }),
  );
}

/** Reads one typed value from its JSON, refusing what it cannot encode exactly. */
export function valueFromJson(json: unknown, path: string): TypedValue {
  if (json === null) return { tag: 'V' };
  if (typeof json === 'boolean') return { tag: 't', value: json };
  if (typeof json === 'string') return { tag: 'S', value: Buffer.from(json, 'utf8') };
  if (Array.isArray(json)) return { tag: 'A', value: json.map((item, index) => valueFromJson(item, `${path}[${index}]`)) };
  if (typeof json === 'number') {
    const tag = plainTag(json);
    if (tag === undefined && Number.isInteger(json)) {
      throw new TypedJsonError(
        path,
        `${json} is a whole number beyond 2^53, which a JSON number cannot hold exactly; write {"!":"int64","value":"<digits>"} or {"!":"double","value":${json}}`,
      );
    }
    // A fraction at 2^50 and beyond: amqplib would take it for an int64 and fail.
    if (tag === undefined)
      throw new TypedJsonError(path, `write ${json} as {"!":"double","value":${json}}: amqplib reads a plain number this large as a whole number`);
    return tag === 'l' ? { tag, value: BigInt(json) } : ({ tag, value: tag === 'd' ? json : json + 0 } as TypedValue); // + 0: no -0 integers
  }
  if (typeof json !== 'object') throw new TypedJsonError(path, `a ${typeof json} is not a header value`);
  if (!Object.hasOwn(json, MARKER)) return { tag: 'F', value: tableFromJson(json, path) };
  return markerFromJson(json as Record<string, unknown>, path);
}

function markerFromJson(json: Record<string, unknown>, path: string): TypedValue {
  const name = json[MARKER];
  if (name === 'table') {
    const { value } = json;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypedJsonError(path, 'a "table" value must be an object');
    return { tag: 'F', value: tableFromJson(value, path) };
  }
  const reader = typeof name === 'string' && Object.hasOwn(MARKERS, name) ? MARKERS[name] : undefined;
  if (reader === undefined) {
    // JSON.stringify, not String(): a marker may be any JSON, an object without a prototype too.
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : (JSON.stringify(name) ?? 'nothing').slice(0, 40);
    throw new TypedJsonError(path, `unknown header value type ${shown}; known: ${KNOWN}`);
  }
  const typed = reader.read(json.value);
  if (typed === undefined) throw new TypedJsonError(path, `a "${name as string}" value must be ${reader.expected}`);
  return typed;
}

/** The tag amqplib's encoder (and ours) gives a plain JSON number; undefined beyond 2^53. */
export function plainTag(value: number): 'b' | 's' | 'I' | 'l' | 'd' | undefined {
  if (!Number.isInteger(value)) return Number.isFinite(value) && Math.abs(value) < 2 ** 50 ? 'd' : undefined;
  if (!Number.isSafeInteger(value)) return undefined;
  if (value >= -128 && value <= 127) return 'b';
  if (value >= -32_768 && value <= 32_767) return 's';
  if (value >= -2_147_483_648 && value <= 2_147_483_647) return 'I';
  return 'l';
}

function marked(name: string, value?: Json): Json {
  return value === undefined ? { [MARKER]: name } : { [MARKER]: name, value };
}
