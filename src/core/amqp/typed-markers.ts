import { INT64, INTEGERS, type IntegerTag, type Json, type TypedValue, UINT64 } from '../wire/typed-value.js';

// The marker objects of the JSON form, {"!": name, "value": …}: how each name is read back.

// JSON has no NaN, no infinities and writes -0 as 0: those travel as strings.
const SPECIAL_FLOATS: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

export function floatToJson(value: number): Json {
  return Number.isFinite(value) && !Object.is(value, -0) ? value : Object.is(value, -0) ? '-0' : String(value);
}

function floatFromJson(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && Object.hasOwn(SPECIAL_FLOATS, value) ? SPECIAL_FLOATS[value] : undefined;
}

function bigFromJson(value: unknown, range: { min: bigint; max: bigint }): bigint | undefined {
  let big: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else return undefined;
  return big >= range.min && big <= range.max ? big : undefined;
}

/** Base64, padded or not (mqcli's envelope took both), but only a text that says its bytes exactly. */
function bytesFromJson(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64').replace(/=+$/, '') === value.replace(/=+$/, '') ? bytes : undefined;
}

export type Reader = { read: (value: unknown) => TypedValue | undefined; expected: string };

function integer(tag: IntegerTag): Reader {
  const { min, max } = INTEGERS[tag];
  return {
    read: (value) => (Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? { tag, value: (value as number) + 0 } : undefined),
    expected: `a whole number from ${min} to ${max}`,
  };
}

const float = (tag: 'f' | 'd'): Reader => ({
  read: (value) => {
    const number = floatFromJson(value);
    return number === undefined ? undefined : { tag, value: number };
  },
  expected: 'a number, or "NaN", "Infinity", "-Infinity" or "-0"',
});

const int64: Reader = {
  read: (value) => {
    const big = bigFromJson(value, INT64);
    return big === undefined ? undefined : { tag: 'l', value: big };
  },
  expected: 'a whole number from -2^63 to 2^63-1, as a number or a string of digits',
};

const bytes = (tag: 'x' | 'S'): Reader => ({
  read: (value) => {
    const buffer = bytesFromJson(value);
    return buffer === undefined ? undefined : { tag, value: buffer };
  },
  expected: 'a base64 string',
});

/** Marker names we read (but "table", which typed-json.ts reads): ours, and amqplib's aliases that mqcli's envelope has accepted so far. */
export const MARKERS: Record<string, Reader> = {
  int8: integer('b'),
  byte: integer('b'),
  uint8: integer('B'),
  unsignedbyte: integer('B'),
  int16: integer('s'),
  short: integer('s'),
  uint16: integer('u'),
  unsignedshort: integer('u'),
  int32: integer('I'),
  int: integer('I'),
  uint32: integer('i'),
  unsignedint: integer('i'),
  int64,
  long: int64,
  float: float('f'),
  double: float('d'),
  float64: float('d'),
  timestamp: {
    read: (value) => {
      const big = bigFromJson(value, UINT64);
      return big === undefined ? undefined : { tag: 'T', value: big };
    },
    expected: 'whole seconds since 1970, from 0 to 2^64-1, as a number or a string of digits',
  },
  decimal: {
    read: (value) => {
      const { places, digits } = (value ?? {}) as { places?: unknown; digits?: unknown };
      const ok =
        typeof value === 'object' &&
        Number.isInteger(places) &&
        (places as number) >= 0 &&
        (places as number) <= 255 &&
        Number.isInteger(digits) &&
        (digits as number) >= INTEGERS.I.min &&
        (digits as number) <= INTEGERS.I.max;
      return ok ? { tag: 'D', places: places as number, digits: digits as number } : undefined;
    },
    // Digits are a signed 32-bit integer, as the other clients read and write them: -123.45 is places 2, digits -12345.
    expected: '{"places": 0 to 255, "digits": -2147483648 to 2147483647}',
  },
  bytes: bytes('x'),
  longstr: bytes('S'),
  void: { read: () => ({ tag: 'V' }), expected: 'absent' },
};

export const KNOWN = 'int8, uint8, int16, uint16, int32, uint32, int64, float, double, timestamp, decimal, bytes, longstr, void, table';
