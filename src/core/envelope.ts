import { isUtf8 } from 'node:buffer';
import type { Message } from 'amqplib';
import { PROPERTY_NAMES } from './amqp/property-names.js';
import { tableToJson } from './amqp/typed-json.js';
import { typedHeaders } from './wire/typed-headers.js';

/**
 * One message as a line of JSON: what `listen --json` prints and `send --json` reads back to the
 * same bytes and properties. Header values are plain JSON where plain JSON reads back as the
 * same wire type, and marked {"!": type, "value": …} where it would not (typed-json.ts; the
 * schema is schema/envelope.schema.json).
 */
// Reading one back is envelope-read.ts: `mqcli --help` reaches this file (listen's formats),
// and esbuild splits by file, so anything imported here would load valibot at start-up.
export interface Envelope {
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  deliveredAt: string;
  properties: Record<string, unknown>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
}

/**
 * Builds the envelope of a message delivered on a channel with enableTypedHeaders(). The header
 * table is read from its bytes with each wire type; a message without one has no "headers", one
 * with an empty table has "headers": {}, so that send --json writes back what came.
 */
export function toEnvelope(message: Message, deliveredAt: Date): Envelope {
  const properties: Record<string, unknown> = {};
  for (const key of PROPERTY_NAMES) {
    if (key === 'headers') {
      const headers = typedHeaders(message);
      if (headers !== undefined) properties.headers = tableToJson(headers);
      continue;
    }
    const value = message.properties[key];
    if (value !== undefined) properties[key] = value;
  }
  const utf8 = isUtf8(message.content);
  return {
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    redelivered: message.fields.redelivered,
    deliveredAt: deliveredAt.toISOString(),
    properties,
    body: message.content.toString(utf8 ? 'utf8' : 'base64'),
    bodyEncoding: utf8 ? 'utf8' : 'base64',
  };
}
