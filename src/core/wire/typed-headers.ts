import { isUtf8 } from 'node:buffer';
import { assertPublishable, toAmqplibHeaders } from './amqplib-values.js';
import { AmqplibInternalsError } from './frames.js';
import { installPublishHook, type PublishingConnection, rawPublishHeaders } from './raw-publish.js';
import { installReceiveHook, rawHeaderTable, type ReceivingConnection } from './raw-receive.js';
import { decodeTable, encodeTable } from './table-codec.js';
import type { TypedTable, TypedValue } from './typed-value.js';

export { AmqplibInternalsError };
export { withClusterId } from './raw-publish.js';

const ENABLED = Symbol('mqcli.typedHeaders');

/**
 * Makes the connection of `channel` keep header tables with their wire types: typedHeaders()
 * reads them from delivered messages, and publishHeaders() can send any of them; a message
 * published on it carries its clusterId (withClusterId()) and has no header table when its
 * headers have no keys. Every path that opens a channel to read or copy messages calls this;
 * other connections are untouched. Idempotent; throws AmqplibInternalsError at once if amqplib's
 * internals are not what this was written for, rather than reading wrong types later.
 */
export function enableTypedHeaders(channel: object): void {
  const connection = (channel as { connection?: ReceivingConnection & PublishingConnection & { [ENABLED]?: true } }).connection;
  if (connection?.[ENABLED]) return;
  if (connection === undefined || connection === null) throw new AmqplibInternalsError('the channel has no `connection`');
  installReceiveHook(connection);
  installPublishHook(connection);
  connection[ENABLED] = true;
}

/**
 * The header table of a message delivered on a channel with enableTypedHeaders(), each value with
 * its wire type; undefined when it has none. The one reader of header tables: every envelope, MQ_HEADERS and template reads through it.
 */
export function typedHeaders(message: { properties: object }): TypedTable | undefined {
  const raw = rawHeaderTable(message.properties);
  if (raw === undefined) throw new Error('typedHeaders(): this message came on a connection without enableTypedHeaders()');
  return raw === null ? undefined : decodeTable(raw.subarray(4));
}

/**
 * The `headers` option that republishes the header table of a message delivered on a channel
 * with enableTypedHeaders() byte for byte, without decoding it (for `queue move`). The
 * publishing channel needs enableTypedHeaders() too. Undefined when the message has none.
 */
export function republishHeaders(message: { properties: object }): object | undefined {
  const raw = rawHeaderTable(message.properties);
  if (raw === undefined) throw new Error('republishHeaders(): this message came on a connection without enableTypedHeaders()');
  return raw === null ? undefined : rawPublishHeaders(raw);
}

/**
 * The `headers` option for amqplib's publish that writes `table` with exactly its wire types.
 * Plain amqplib values when amqplib can write them; a raw table, which needs enableTypedHeaders()
 * on the publishing channel, when the table holds a long string that is not valid UTF-8, or is
 * empty (the hook leaves out a table with no keys: a message received without one goes out without one).
 * Throws UnencodableValueError on a NaN or infinite float, which RabbitMQ refuses.
 */
export function publishHeaders(table: TypedTable): object {
  assertPublishable(table);
  const values = Object.values(table);
  return values.length === 0 || values.some(needsRaw) ? rawPublishHeaders(encodeTable(table)) : toAmqplibHeaders(table);
}

function needsRaw(value: TypedValue): boolean {
  if (value.tag === 'S') return !isUtf8(value.value);
  if (value.tag === 'F') return Object.values(value.value).some(needsRaw);
  if (value.tag === 'A') return value.value.some(needsRaw);
  return false;
}
