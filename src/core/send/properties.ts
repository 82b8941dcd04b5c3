import { extname } from 'node:path';
import type { Options } from 'amqplib';
import { PERSISTENT } from '../amqp/properties.js';
import { publishHeaders, withClusterId } from '../wire/typed-headers.js';
import { type TypedTable, tableOf } from '../wire/typed-value.js';

// Shared with request: the flags and their meaning live with the AMQP vocabulary.
export { propertiesFromFlags, type PropertyFlags } from '../amqp/properties.js';

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

/**
 * What `message` is published with: its own properties stand unless a flag says otherwise; a
 * timestamp is added unless it reproduces one received (listen --json output), whose properties
 * are kept as they were. `base` holds the flags' properties and this batch's timestamp.
 */
export function publishOptions(
  // What of an OutgoingMessage (sources.ts, which imports this file) decides its options.
  message: { properties?: Options.Publish | undefined; headers?: TypedTable | undefined; verbatim?: boolean | undefined },
  base: Options.Publish,
  flags: { properties: Options.Publish; headers?: TypedTable | undefined },
): Options.Publish {
  if (message.properties === undefined) return base;
  const merged = { ...DEFAULT_PROPERTIES, ...mergeProperties(message.properties, flags.properties) };
  if (message.headers !== undefined) merged.headers = publishHeaders(withFlagHeaders(message.headers, flags.headers));
  // An envelope's clusterId, which amqplib's publish() would drop, goes to the typed hook (raw-publish.ts).
  return withClusterId(message.verbatim ? { ...merged, mandatory: true } : { timestamp: base.timestamp, ...merged, mandatory: true });
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
