import { isUtf8 } from 'node:buffer';
import { compile, type JSONValue, TreeInterpreter } from '@jmespath-community/jmespath';
import type { Message } from 'amqplib';
import { PROPERTY_NAMES } from './amqp/property-names.js';
import { tableToJson } from './amqp/typed-json.js';
import { UsageError } from './errors.js';
import { typedHeaders } from './wire/typed-headers.js';
import type { TypedTable, TypedValue } from './wire/typed-value.js';

/** `--where '<expression>'`, compiled: whether a message matches. */
export interface Where {
  readonly text: string;
  matches(message: Message): boolean;
  /** Hears of a message the expression fails on (a function given the wrong type); it does not match. */
  onError: (why: string) => void;
}

/**
 * Compiles a --where expression (JMESPath) before anything connects: a syntax error or an unknown
 * function is a UsageError (exit 2). A message matches when the expression gives anything but
 * false, null or an empty string, list or object (JMESPath's own truth).
 */
export function parseWhere(text: string): Where {
  const usage = (why: string) =>
    new UsageError(`--where: ${why.replace(/^Syntax error: /, 'syntax error: ')}`, {
      hint: 'JMESPath: strings in \'single quotes\', numbers in `backticks`, names with dashes in "double quotes": headers."x-death"[0].reason == \'expired\' && body.amount > `100`',
    });
  let compiled: ReturnType<typeof compile>;
  try {
    compiled = compile(text);
  } catch (error) {
    throw usage((error as Error).message);
  }
  try {
    // Unknown functions are found only when called: call on a message with nothing in it.
    search(compiled, subjectOf(EMPTY));
  } catch (error) {
    if (/unknown function/i.test((error as Error).message)) throw usage((error as Error).message);
  }
  const where: Where = {
    text,
    onError: () => {},
    matches(message) {
      try {
        return truthy(search(compiled, subjectOf(message)));
      } catch (error) {
        where.onError((error as Error).message);
        return false;
      }
    },
  };
  return where;
}

const EMPTY = { content: Buffer.alloc(0), fields: { exchange: '', routingKey: '', redelivered: false }, properties: {} } as unknown as Message;

function search(ast: ReturnType<typeof compile>, subject: JSONValue): JSONValue {
  return TreeInterpreter.search(ast, subject);
}

function truthy(value: JSONValue): boolean {
  if (value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * What an expression sees of a message: exchange, routingKey, redelivered, size; properties as
 * the envelope has them (headers typed: {"!": "double", "value": 2} where plain JSON would not say
 * the type); headers as plain values, with x-death also at the top; body parsed when it is JSON,
 * else its text (null when it is not UTF-8), and bodyText always the text.
 */
export function subjectOf(message: Message): JSONValue {
  const table = message === EMPTY ? undefined : typedHeaders(message);
  const properties: Record<string, JSONValue> = {};
  for (const key of PROPERTY_NAMES) {
    const value = key === 'headers' ? (table === undefined ? undefined : tableToJson(table)) : message.properties[key];
    if (value !== undefined) properties[key] = value as JSONValue;
  }
  const headers = table === undefined ? {} : plainTable(table);
  const text = isUtf8(message.content) ? message.content.toString('utf8') : null;
  return bare({
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    redelivered: message.fields.redelivered,
    size: message.content.length,
    properties,
    headers,
    'x-death': headers['x-death'] ?? null,
    body: text === null ? null : parsed(text),
    bodyText: text,
  });
}

/** Objects without a prototype at any depth: the interpreter reads keys with [], so `constructor` must be only a key. */
function bare(value: JSONValue): JSONValue {
  if (Array.isArray(value)) return value.map(bare);
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.create(null) as Record<string, JSONValue>;
  for (const [key, item] of Object.entries(value)) copy[key] = bare(item as JSONValue);
  return copy;
}

function parsed(text: string): JSONValue {
  if (!/^\s*[[{"\d-tfn]/.test(text)) return text;
  try {
    return JSON.parse(text) as JSONValue;
  } catch {
    return text;
  }
}

function plainTable(table: TypedTable): Record<string, JSONValue> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, plainValue(value)]));
}

/** A header value as JSON an expression compares: numbers as numbers (int64 and timestamps too), bytes as text when UTF-8. */
function plainValue(typed: TypedValue): JSONValue {
  switch (typed.tag) {
    case 'V':
      return null;
    case 'S':
    case 'x':
      return isUtf8(typed.value) ? typed.value.toString('utf8') : typed.value.toString('base64');
    case 'l':
    case 'T':
      return Number(typed.value);
    case 'D':
      return typed.digits / 10 ** typed.places;
    case 'F':
      return plainTable(typed.value);
    case 'A':
      return typed.value.map(plainValue);
    default:
      return typed.value as JSONValue;
  }
}
