import type { Options } from 'amqplib';
import { formatCount } from '../ui/format.js';
import { encodeTable } from './amqp/table-codec.js';
import type { TypedTable } from './amqp/typed-value.js';
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

/** Refuses message-property flags that amqplib would refuse at publish time: a short string over 255 bytes, a header table over 64 KiB. */
export function checkPropertyFlags(properties: Options.Publish, headers: TypedTable | undefined): void {
  for (const key of SHORT_STRINGS) {
    const value = properties[key as keyof Options.Publish];
    const bytes = typeof value === 'string' ? Buffer.byteLength(value) : 0;
    if (bytes > 255) throw new UsageError(`${optionName(key)} is ${formatCount(bytes)} bytes long; AMQP holds at most 255 bytes there`);
  }
  if (headers !== undefined) checkTableSize(headers, 'the --header values');
}

/** Refuses a header table that amqplib could not encode; `what` names it in the error. */
export function checkTableSize(table: TypedTable, what: string): void {
  const bytes = encodeTable(table).length;
  if (bytes > MAX_TABLE_BYTES) {
    throw new UsageError(`${what} take ${formatCount(bytes)} bytes as an AMQP table; amqplib sends at most ${formatCount(MAX_TABLE_BYTES)}`, {
      hint: 'Put large data in the message body',
    });
  }
}
