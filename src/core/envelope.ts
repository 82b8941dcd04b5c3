import { isUtf8 } from 'node:buffer';
import type { Message, Options } from 'amqplib';
import { UsageError } from './errors.js';
import { oneLine } from './escape.js';
import { jsonErrorReason } from './settings/parse-error.js';
import { TYPED_VALUES } from './typed-values.js';

/**
 * One message as a line of JSON: what `listen --json` prints and `send --json` reads back to the
 * same bytes and properties. Header values that JSON cannot hold keep their AMQP type:
 * byte arrays as {"!":"bytes","value":"<base64>"}, timestamps and decimals as amqplib gives them.
 */
export interface Envelope {
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  deliveredAt: string;
  properties: Record<string, unknown>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
}

const PROPERTIES = [
  'contentType',
  'contentEncoding',
  'headers',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'userId',
  'appId',
  'clusterId',
] as const;

const PROPERTY_TYPES: Record<string, 'string' | 'number'> = {
  contentType: 'string',
  contentEncoding: 'string',
  deliveryMode: 'number',
  priority: 'number',
  correlationId: 'string',
  replyTo: 'string',
  expiration: 'string',
  messageId: 'string',
  timestamp: 'number',
  type: 'string',
  userId: 'string',
  appId: 'string',
  clusterId: 'string',
};

const RANGES: Record<string, { check: (value: unknown) => boolean; expected: string }> = {
  priority: { check: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255, expected: 'a whole number from 0 to 255' },
  deliveryMode: { check: (value) => value === 1 || value === 2, expected: '1 (transient) or 2 (persistent)' },
  timestamp: { check: (value) => Number.isSafeInteger(value) && (value as number) >= 0, expected: 'whole seconds since 1970' },
  expiration: { check: (value) => /^\d+$/.test(String(value)), expected: 'whole milliseconds' },
};

/** Builds the envelope of a delivered message. */
export function toEnvelope(message: Message, deliveredAt: Date): Envelope {
  const properties: Record<string, unknown> = {};
  for (const key of PROPERTIES) {
    const value = message.properties[key];
    if (value === undefined) continue;
    if (key !== 'headers') properties[key] = value;
    // amqplib reports "no headers" as {}; leaving it out changes no byte on the way back.
    else if (Object.keys(value as object).length > 0) properties[key] = encodeTable(value as Record<string, unknown>);
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

function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { '!': 'bytes', value: value.toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object' && !Object.hasOwn(value, '!')) return encodeTable(value as Record<string, unknown>);
  return value;
}

function encodeTable(table: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, encodeValue(value)]));
}

/** What `send --json` publishes for one envelope line. */
export interface DecodedEnvelope {
  body: Buffer;
  properties: Options.Publish;
}

/** Reads one line of `listen --json` output; `line` (1-based) names it in errors. */
export function fromEnvelopeLine(text: string, line: number): DecodedEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`line ${line} of stdin is not valid JSON: ${jsonErrorReason(error as Error)}`, {
      hint: 'send --json reads one envelope per line, as listen --json prints them',
    });
  }
  const fail = (what: string) => new UsageError(`line ${line} of stdin: ${what}`, { hint: 'Expected {"body": "...", "bodyEncoding": "utf8"|"base64", "properties": {...}}' });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail('expected a JSON object');
  const envelope = parsed as Partial<Record<keyof Envelope, unknown>>;
  if (typeof envelope.body !== 'string') throw fail('"body" must be a string');
  const encoding = envelope.bodyEncoding ?? 'utf8';
  if (encoding !== 'utf8' && encoding !== 'base64') throw fail('"bodyEncoding" must be "utf8" or "base64"');
  if (encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(envelope.body)) throw fail('"body" is not valid base64');
  const properties = envelope.properties ?? {};
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) throw fail('"properties" must be an object');
  const known = properties as Record<string, unknown>;
  const unknownKey = Object.keys(known).find((key) => !(PROPERTIES as readonly string[]).includes(key));
  if (unknownKey !== undefined) throw fail(`unknown property ${quoted(unknownKey)}`);
  for (const [key, value] of Object.entries(known)) {
    const expected = key === 'headers' ? 'object' : PROPERTY_TYPES[key];
    if (value === null) throw fail(`"properties.${key}" is null; leave it out instead`);
    if (expected !== undefined && typeof value !== expected && !(key === 'expiration' && typeof value === 'number')) {
      throw fail(`"properties.${key}" must be a ${expected}`);
    }
    const range = RANGES[key];
    if (range !== undefined && !range.check(value)) throw fail(`"properties.${key}" must be ${range.expected}`);
    // AMQP short strings: 255 bytes at most.
    if (typeof value === 'string' && Buffer.byteLength(value) > 255) throw fail(`"properties.${key}" is longer than 255 bytes`);
  }
  const publish: Record<string, unknown> = { ...known };
  if (known.headers !== undefined) {
    if (known.headers === null || typeof known.headers !== 'object' || Array.isArray(known.headers)) throw fail('"properties.headers" must be an object');
    publish.headers = decodeTable(known.headers as Record<string, unknown>, fail);
  }
  return { body: Buffer.from(envelope.body, encoding), properties: publish as Options.Publish };
}

function decodeValue(value: unknown, fail: (what: string) => Error): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeValue(item, fail));
  if (value === null || typeof value !== 'object') return value;
  const typed = value as { '!'?: unknown; value?: unknown };
  if (typed['!'] === undefined) return decodeTable(value as Record<string, unknown>, fail);
  const type = typed['!'];
  if (type === 'bytes') {
    if (typeof typed.value !== 'string') throw fail('a "bytes" header value must be a base64 string');
    return Buffer.from(typed.value, 'base64');
  }
  const rule = typeof type === 'string' && Object.hasOwn(TYPED_VALUES, type) ? TYPED_VALUES[type] : undefined;
  if (rule === undefined) throw fail(`unknown header value type ${quoted(String(type))}`);
  if (!rule.check(typed.value)) throw fail(`a "${type as string}" header value must be ${rule.expected}`);
  return value;
}

function decodeTable(table: Record<string, unknown>, fail: (what: string) => Error): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table).map(([key, value]) => {
      // Table keys are AMQP short strings.
      if (Buffer.byteLength(key) > 255) throw fail(`header name ${quoted(key.slice(0, 40))}… is longer than 255 bytes`);
      return [key, decodeValue(value, fail)];
    }),
  );
}

/** A value from the input, quoted on one line for an error message. */
function quoted(text: string): string {
  return `"${oneLine(text.length > 60 ? `${text.slice(0, 60)}…` : text)}"`;
}
