import type { Options } from 'amqplib';
import { formatCount } from '../ui/format.js';
import { isRawPublishHeaders } from './wire/raw-publish.js';
import { publishHeaders } from './wire/typed-headers.js';
import { INTEGERS, tableOf, type TypedTable, type TypedValue } from './wire/typed-value.js';
import { UsageError } from './errors.js';
import { optionName } from './option-names.js';

// What amqplib checks only when it encodes a publish, checked here before connecting, so that bad
// input fails with exit 2 before any queue is declared (amqplib 2.3, lib/defs.js and codec.js).

/** The properties AMQP holds as short strings: at most 255 bytes of UTF-8. */
const SHORT_STRINGS = [
  'contentType',
  'contentEncoding',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'type',
  'userId',
  'appId',
  'clusterId',
] as const;

/** amqplib encodes a header table into a 64 KiB scratch buffer and throws a RangeError on a larger one. */
export const MAX_TABLE_BYTES = 65_536;

/** The hint for a header table that is too large. */
export const BODY_HINT = 'Put large data in the message body';

/** Refuses message-property flags that amqplib would refuse at publish time: a short string over 255 bytes, a header table over 64 KiB. */
export function checkPropertyFlags(properties: Options.Publish, headers: TypedTable | undefined): void {
  for (const key of SHORT_STRINGS) {
    const value = properties[key as keyof Options.Publish];
    const bytes = typeof value === 'string' ? Buffer.byteLength(value) : 0;
    if (bytes > 255) throw new UsageError(`${optionName(key)} is ${formatCount(bytes)} bytes long; AMQP holds at most 255 bytes there`);
  }
  if (headers !== undefined) checkTableSize(headers, 'the --header values', BODY_HINT);
}

/**
 * A table that amqplib cannot write (a long string that is not UTF-8) we encode ourselves
 * (typed-tables.ts): then the limit is the frame. RabbitMQ's default frame_max of 128 KiB leaves
 * 131,064 bytes of payload (it closes the connection with FRAME_ERROR on more, and a reconnect
 * would send the same frame again); a content header takes 14 of them and its other properties
 * up to 2,570 (ten short strings, the delivery mode, the priority, the timestamp).
 */
export const MAX_RAW_TABLE_BYTES = 131_064 - 14 - 2_570;

/** Refuses a header table that amqplib, or the frame it goes in, could not take; `what` names it in the error. */
export function checkTableSize(table: TypedTable, what: string, hint?: string): void {
  const bytes = tableBytes(table);
  if (bytes <= MAX_TABLE_BYTES) return;
  const raw = isRawPublishHeaders(publishHeaders(table));
  if (raw && bytes <= MAX_RAW_TABLE_BYTES) return;
  const limit = raw ? `a content header frame holds at most ${formatCount(MAX_RAW_TABLE_BYTES)}` : `amqplib sends at most ${formatCount(MAX_TABLE_BYTES)}`;
  throw new UsageError(`${what} take ${formatCount(bytes)} bytes as an AMQP table; ${limit}`, { hint });
}

/**
 * The length of encodeTable(table), counted without encoding it: some 0.2 µs for a small table
 * where encoding takes 3 µs or more, so that every message of a stream can be measured.
 */
export function tableBytes(table: TypedTable): number {
  let total = 4;
  for (const key of Object.keys(table)) total += 1 + Buffer.byteLength(key) + valueBytes(table[key] as TypedValue);
  return total;
}

/** A value's tag byte and what follows it. */
function valueBytes(value: TypedValue): number {
  switch (value.tag) {
    case 't':
      return 2;
    case 'l':
    case 'T':
    case 'd':
      return 9;
    case 'f':
      return 5;
    case 'D':
      return 6;
    case 'S':
    case 'x':
      return 5 + value.value.length;
    case 'V':
      return 1;
    case 'F':
      return 1 + tableBytes(value.value);
    case 'A': {
      let total = 5;
      for (const item of value.value) total += valueBytes(item);
      return total;
    }
    default:
      return 1 + INTEGERS[value.tag].bytes;
  }
}

/**
 * Refuses declare or bind arguments (`--arg`) that amqplib could not encode; the types are those
 * amqplib picks for plain values (lib/codec.js): a long string, a bool, an int32, else an int64 or double.
 */
export function checkArgumentsSize(args: Record<string, unknown>, what = 'the --arg values'): void {
  const entries: [string, TypedValue][] = [];
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string') entries.push([key, { tag: 'S', value: Buffer.from(value) }]);
    else if (typeof value === 'boolean') entries.push([key, { tag: 't', value }]);
    else if (typeof value === 'number') entries.push([key, int32(value) ? { tag: 'I', value } : { tag: 'd', value }]);
  }
  checkTableSize(tableOf(entries), what);
}

const int32 = (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
