import { isUtf8 } from 'node:buffer';
import type { Message } from 'amqplib';
import { rawHeaderTable } from './amqp/raw-receive.js';
import { decodeTable } from './amqp/table-codec.js';
import { PROPERTY_NAMES } from './amqp/property-names.js';
import { tableToJson } from './amqp/typed-json.js';

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

/** Builds the envelope of a delivered message. */
export function toEnvelope(message: Message, deliveredAt: Date): Envelope {
  const properties: Record<string, unknown> = {};
  for (const key of PROPERTY_NAMES) {
    const value = message.properties[key];
    if (value === undefined) continue;
    if (key !== 'headers') properties[key] = value;
    else {
      const headers = headersOf(message);
      // amqplib reports "no headers" as {}; leaving it out changes no byte on the way back.
      if (Object.keys(headers).length > 0) properties[key] = headers;
    }
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

/**
 * The header table with its wire types when the connection kept the raw table (listen --json
 * turns that on); otherwise amqplib's decoded values, which may have lost a type.
 */
function headersOf(message: Message): Record<string, unknown> {
  const raw = rawHeaderTable(message.properties);
  // Read from the bytes, a key such as "__proto__" stays a key (amqplib's object loses it).
  if (Buffer.isBuffer(raw)) return tableToJson(decodeTable(raw.subarray(4)));
  return encodeTable(message.properties.headers as Record<string, unknown>);
}

function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { '!': 'bytes', value: value.toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object' && !Object.hasOwn(value, '!')) return encodeTable(value as Record<string, unknown>);
  return value;
}

function encodeTable(table: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, encodeValue(value)]));
}
