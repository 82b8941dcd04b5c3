import { extname } from 'node:path';
import type { Options } from 'amqplib';
import { UsageError } from '../errors.js';
import { headersToPublish, headerTable } from './headers.js';
import { type TypedTable, tableOf } from '../amqp/typed-value.js';

/** The message-property flags of `send`, as commander parses them. */
export interface PropertyFlags {
  header?: string[] | undefined;
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  persistent?: boolean | undefined;
  transient?: boolean | undefined;
  priority?: number | undefined;
  expiration?: number | undefined;
  correlationId?: string | undefined;
  replyTo?: string | undefined;
  messageId?: string | undefined;
  type?: string | undefined;
  appId?: string | undefined;
}

/**
 * Publish options from the flags. `-H key=value` stays a string, as typed (amqp-publish and kcat
 * do the same), `-H key:=json` is typed (headers.ts); only the properties given are set, so an
 * envelope's own properties show through.
 */
export function propertiesFromFlags(flags: PropertyFlags, headers = flagHeaders(flags.header)): Options.Publish {
  const properties: Options.Publish = {};
  if (headers !== undefined) properties.headers = headersToPublish(headers) as Record<string, unknown>;
  if (flags.contentType !== undefined) properties.contentType = flags.contentType;
  if (flags.contentEncoding !== undefined) properties.contentEncoding = flags.contentEncoding;
  if (flags.persistent && flags.transient) throw new UsageError('--persistent and --transient disagree; pick one');
  // Only an explicit flag overrides an envelope's delivery mode; the default is applied beneath.
  if (flags.persistent) properties.deliveryMode = PERSISTENT;
  if (flags.transient) properties.deliveryMode = TRANSIENT;
  if (flags.priority !== undefined) properties.priority = flags.priority;
  if (flags.expiration !== undefined) properties.expiration = String(flags.expiration);
  if (flags.correlationId !== undefined) properties.correlationId = flags.correlationId;
  if (flags.replyTo !== undefined) properties.replyTo = flags.replyTo;
  if (flags.messageId !== undefined) properties.messageId = flags.messageId;
  if (flags.type !== undefined) properties.type = flags.type;
  if (flags.appId !== undefined) properties.appId = flags.appId;
  return properties;
}

const TRANSIENT = 1;
const PERSISTENT = 2;

/**
 * What every message gets unless a flag or its own envelope says otherwise: persistent, so that
 * "confirmed" means stored on disk by a durable queue, and survives a broker restart.
 */
export const DEFAULT_PROPERTIES: Readonly<Options.Publish> = { deliveryMode: PERSISTENT };

/** Flags win over a message's own properties; headers merge, key by key. */
export function mergeProperties(own: Options.Publish, flags: Options.Publish): Options.Publish {
  const merged = { ...own, ...flags };
  if (own.headers !== undefined && flags.headers !== undefined) merged.headers = { ...own.headers, ...flags.headers };
  return merged;
}

/** A message's typed header table with the --header flags' (flagHeaders()) over it, key by key. */
export function withFlagHeaders(own: TypedTable, flags: TypedTable | undefined): TypedTable {
  if (flags === undefined) return own;
  return tableOf([...Object.entries(own), ...Object.entries(flags)]);
}

/** The typed table of the -H flags; undefined without any. */
export function flagHeaders(pairs: readonly string[] | undefined): TypedTable | undefined {
  return pairs === undefined || pairs.length === 0 ? undefined : headerTable(pairs);
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.avro': 'application/avro',
  '.proto': 'text/plain',
  '.pb': 'application/x-protobuf',
};

/** A content type for a file, from its extension; undefined when the extension says nothing. */
export function contentTypeFor(path: string): string | undefined {
  return CONTENT_TYPES[extname(path).toLowerCase()];
}
