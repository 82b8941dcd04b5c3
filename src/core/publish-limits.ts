import type { Options } from 'amqplib';
import { formatCount } from '../ui/format.js';
import { isRawPublishHeaders } from './amqp/raw-publish.js';
import { encodeTable } from './amqp/table-codec.js';
import { publishHeaders } from './amqp/typed-tables.js';
import { tableOf, type TypedTable, type TypedValue } from './amqp/typed-value.js';
import { UsageError } from './errors.js';
import { optionName } from './names.js';

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
 * (typed-tables.ts): then the limit is the frame, RabbitMQ's default frame_max of 128 KiB, less
 * room for the other properties of the content header.
 */
export const MAX_RAW_TABLE_BYTES = 128 * 1024 - 4096;

/** Refuses a header table that amqplib, or the frame it goes in, could not take; `what` names it in the error. */
export function checkTableSize(table: TypedTable, what: string, hint?: string): void {
  const bytes = encodeTable(table).length;
  if (bytes <= MAX_TABLE_BYTES) return;
  const raw = isRawPublishHeaders(publishHeaders(table));
  if (raw && bytes <= MAX_RAW_TABLE_BYTES) return;
  const limit = raw ? `a content header frame holds at most ${formatCount(MAX_RAW_TABLE_BYTES)}` : `amqplib sends at most ${formatCount(MAX_TABLE_BYTES)}`;
  throw new UsageError(`${what} take ${formatCount(bytes)} bytes as an AMQP table; ${limit}`, { hint });
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
