import type { Options } from 'amqplib';
import * as v from 'valibot';
import type { PROPERTY_NAMES } from './amqp/property-names.js';
import { UsageError } from './errors.js';
import { oneLine } from './escape.js';
import { jsonErrorReason } from './settings/parse-error.js';
import { assertPublishable, UnencodableValueError } from './wire/amqplib-values.js';
import { parseTablesJson, TypedJsonError, tableFromJson } from './amqp/typed-json.js';
import type { TypedTable } from './wire/typed-value.js';

/** What `send --json` publishes for one envelope line. */
export interface DecodedEnvelope {
  body: Buffer;
  /** All but the headers, as amqplib publishes them. */
  properties: Options.Publish;
  /** The header table, each value with the wire type its JSON names. */
  headers?: TypedTable;
}

// Each message below is the whole reason given after "line N of stdin: ", so the first issue
// valibot reports is ours as it comes: no mapping needed.
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const mapping = (message: string) => v.custom<Record<string, unknown>>((value) => isObject(value) && !Array.isArray(value), message);
const pipe = v.pipe as unknown as (...items: unknown[]) => v.GenericSchema;

/** One AMQP property: not null, of its type, within `range`, and (strings) at most 255 bytes. */
function property(key: string, type: 'string' | 'number' | 'object', range?: { ok: (value: never) => boolean; expected: string }): v.GenericSchema {
  const name = `"properties.${key}"`;
  // A TTL may come as a number; amqplib sends it as a string either way.
  const ofType = (value: unknown) => typeof value === type || (key === 'expiration' && typeof value === 'number');
  return pipe(
    v.custom((value) => value !== null, `${name} is null; leave it out instead`),
    v.custom(ofType, `${name} must be a ${type}`),
    ...(range === undefined ? [] : [v.check((value) => range.ok(value as never), `${name} must be ${range.expected}`)]),
    v.check((value) => typeof value !== 'string' || Buffer.byteLength(value) <= 255, `${name} is longer than 255 bytes`),
  );
}

const RULES: Record<(typeof PROPERTY_NAMES)[number], v.GenericSchema> = {
  contentType: property('contentType', 'string'),
  contentEncoding: property('contentEncoding', 'string'),
  headers: property('headers', 'object'),
  deliveryMode: property('deliveryMode', 'number', { ok: (value: number) => value === 1 || value === 2, expected: '1 (transient) or 2 (persistent)' }),
  priority: property('priority', 'number', {
    ok: (value: number) => Number.isInteger(value) && value >= 0 && value <= 255,
    expected: 'a whole number from 0 to 255',
  }),
  correlationId: property('correlationId', 'string'),
  replyTo: property('replyTo', 'string'),
  expiration: property('expiration', 'string', { ok: (value: string | number) => /^\d+$/.test(String(value)), expected: 'whole milliseconds' }),
  messageId: property('messageId', 'string'),
  timestamp: property('timestamp', 'number', { ok: (value: number) => Number.isSafeInteger(value) && value >= 0, expected: 'whole seconds since 1970' }),
  type: property('type', 'string'),
  userId: property('userId', 'string'),
  appId: property('appId', 'string'),
  clusterId: property('clusterId', 'string'),
};

const unknownIn = (properties: Record<string, unknown>) => Object.keys(properties).find((key) => !Object.hasOwn(RULES, key));
const PROPERTIES = pipe(
  mapping('"properties" must be an object'),
  v.check(
    (properties: Record<string, unknown>) => unknownIn(properties) === undefined,
    (issue) => `unknown property ${quoted(unknownIn(issue.input as Record<string, unknown>) ?? '')}`,
  ),
  // In the order the line gives them, so the first problem named is the first one written.
  v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
    for (const [key, value] of Object.entries(dataset.value as Record<string, unknown>)) {
      const [issue] = v.safeParse(RULES[key as keyof typeof RULES], value, { abortEarly: true }).issues ?? [];
      if (issue !== undefined) return addIssue({ message: issue.message });
    }
  }),
  v.check((properties: Record<string, unknown>) => !Array.isArray(properties.headers), '"properties.headers" must be an object'),
);
const ENVELOPE = pipe(
  mapping('expected a JSON object'),
  // The object's own message is for a missing key, and body is the only one required.
  v.looseObject(
    { body: v.string('"body" must be a string'), bodyEncoding: v.nullish(v.picklist(['utf8', 'base64'], '"bodyEncoding" must be "utf8" or "base64"')) },
    '"body" must be a string',
  ),
  v.check(
    (envelope: { body: string; bodyEncoding?: string | null }) => envelope.bodyEncoding !== 'base64' || /^[A-Za-z0-9+/]*={0,2}$/.test(envelope.body),
    '"body" is not valid base64',
  ),
  v.looseObject({ properties: v.nullish(PROPERTIES) }),
);

/** Reads one line of `listen --json` output; `line` (1-based) names it in errors. */
export function fromEnvelopeLine(text: string, line: number): DecodedEnvelope {
  let parsed: unknown;
  try {
    parsed = parseTablesJson(text);
  } catch (error) {
    throw new UsageError(`line ${line} of stdin is not valid JSON: ${jsonErrorReason(error as Error)}`, {
      hint: 'send --json reads one envelope per line, as listen --json prints them',
    });
  }
  const hint = 'Expected {"body": "...", "bodyEncoding": "utf8"|"base64", "properties": {...}}';
  const fail = (what: string) => new UsageError(`line ${line} of stdin: ${what}`, { hint });
  const result = v.safeParse(ENVELOPE, parsed, { abortEarly: true });
  if (!result.success) throw fail(result.issues[0].message);
  const envelope = result.output as { body: string; bodyEncoding?: 'utf8' | 'base64' | null; properties?: Record<string, unknown> | null };
  const { headers, ...publish } = envelope.properties ?? {};
  const decoded: DecodedEnvelope = { body: Buffer.from(envelope.body, envelope.bodyEncoding ?? 'utf8'), properties: publish as Options.Publish };
  if (isObject(headers)) decoded.headers = typedTable(headers, fail);
  return decoded;
}

/** The header table with the wire types its JSON names, refused here rather than mid-publish if RabbitMQ could not take it. */
function typedTable(json: Record<string, unknown>, fail: (what: string) => Error): TypedTable {
  try {
    const table = tableFromJson(json, 'properties.headers');
    assertPublishable(table, 'properties.headers');
    return table;
  } catch (error) {
    if (error instanceof TypedJsonError || error instanceof UnencodableValueError)
      throw fail(`"${error.path}": ${oneLine(error.message.slice(error.path.length + 2))}`);
    throw error;
  }
}

/** A value from the input, quoted on one line for an error message. */
function quoted(text: string): string {
  return `"${oneLine(text.length > 60 ? `${text.slice(0, 60)}…` : text)}"`;
}
