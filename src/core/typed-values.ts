/**
 * The `{"!": type, "value": …}` header values amqplib's encoder knows, and what each value must be.
 * amqplib checks none of this itself: a bad value throws a RangeError mid-publish, or is written
 * as 0 without a word.
 */
const integer = (min: bigint, max: bigint) => (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && BigInt(value) >= min && BigInt(value) <= max;
const number = (value: unknown) => typeof value === 'number';
const decimal = (value: unknown) => {
  const { places, digits } = (value ?? {}) as { places?: unknown; digits?: unknown };
  return typeof value === 'object' && integer(0n, 255n)(places) && integer(0n, 0xffff_ffffn)(digits);
};

const rule = (check: (value: unknown) => boolean, expected: string) => ({ check, expected });
const int8 = rule(integer(-128n, 127n), 'a whole number from -128 to 127');
const uint8 = rule(integer(0n, 255n), 'a whole number from 0 to 255');
const int16 = rule(integer(-32_768n, 32_767n), 'a whole number from -32768 to 32767');
const uint16 = rule(integer(0n, 65_535n), 'a whole number from 0 to 65535');
const int32 = rule(integer(-(2n ** 31n), 2n ** 31n - 1n), 'a whole number from -2147483648 to 2147483647');
const uint32 = rule(integer(0n, 2n ** 32n - 1n), 'a whole number from 0 to 4294967295');
const int64 = rule(integer(-(2n ** 63n), 2n ** 63n - 1n), 'a whole number that fits in 64 bits');
const float = rule(number, 'a number');

export const TYPED_VALUES: Readonly<Record<string, { check: (value: unknown) => boolean; expected: string }>> = {
  byte: int8,
  int8,
  unsignedbyte: uint8,
  uint8,
  short: int16,
  int16,
  unsignedshort: uint16,
  uint16,
  int: int32,
  int32,
  unsignedint: uint32,
  uint32,
  long: int64,
  int64,
  timestamp: rule(integer(0n, 2n ** 64n - 1n), 'whole seconds since 1970'),
  float,
  double: float,
  float64: float,
  decimal: rule(decimal, '{"places": 0 to 255, "digits": 0 to 4294967295}'),
};

/**
 * Why amqplib cannot write `value` as a plain header or argument number, if it cannot: it writes a
 * whole number as a signed 64-bit integer, and takes any number from 2^50 up for a whole one
 * (isFloatingPoint in its codec), so a fraction there throws mid-publish too.
 */
export function unencodableNumber(value: number): string | undefined {
  if (Number.isInteger(value) && (value >= 2 ** 63 || value < -(2 ** 63))) return 'is beyond a 64-bit integer';
  if (!Number.isInteger(value) && Math.abs(value) >= 2 ** 50) return 'has a fraction, and is too large for one (beyond ±2^50)';
  return undefined;
}
