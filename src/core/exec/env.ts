import type { Message } from 'amqplib';
import { tableToJson } from '../amqp/typed-json.js';
import { typedHeaders } from '../wire/typed-headers.js';

/** The variables each command gets, documented in README; an absent property unsets its variable. */
export const MESSAGE_VARIABLES = [
  'MQ_EXCHANGE',
  'MQ_ROUTING_KEY',
  'MQ_REDELIVERED',
  'MQ_DELIVERY_TAG',
  'MQ_CONTENT_TYPE',
  'MQ_CONTENT_ENCODING',
  'MQ_CORRELATION_ID',
  'MQ_MESSAGE_ID',
  'MQ_REPLY_TO',
  'MQ_TYPE',
  'MQ_APP_ID',
  'MQ_USER_ID',
  'MQ_TIMESTAMP',
  'MQ_PRIORITY',
  'MQ_EXPIRATION',
  'MQ_HEADERS',
] as const;

type Variable = (typeof MESSAGE_VARIABLES)[number];

/** Variables that carry mqcli's own secrets when they are set; the caller's own may be passed on. */
const SECRET_VARIABLES = ['MQ_PASSWORD', 'MQ_KEY_PASSPHRASE'];

/**
 * The environment the commands inherit: the caller's, less the secrets mqcli took from .env
 * (a password, a URL's password, a variable holding the password). What the caller exported
 * is theirs to pass on; what a .env file gave mqcli is not.
 */
export function baseEnvironment(
  env: Record<string, string | undefined>,
  dotenvKeys: ReadonlySet<string>,
  password: string | undefined,
): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (dotenvKeys.has(key)) {
      if (SECRET_VARIABLES.includes(key) || (password !== undefined && password !== '' && value === password)) continue;
      if (key === 'MQ_URL') {
        base[key] = withoutPassword(value);
        continue;
      }
    }
    base[key] = value;
  }
  return base;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL mqcli could use either; it says nothing worth keeping.
    return '';
  }
}

/** `base` less any variable a message sets: an absent property must not look present. */
export function withoutMessageVariables(base: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = { ...base };
  for (const name of MESSAGE_VARIABLES) delete env[name];
  return env;
}

/** `base` plus the message's fields and properties, as the command sees them. */
export function messageEnvironment(message: Message, base: Readonly<Record<string, string>>, _deliveredAt: Date): Record<string, string> {
  const { fields, properties } = message;
  const env = withoutMessageVariables(base);
  const set = (name: Variable, value: unknown) => {
    if (value === undefined || value === null) return;
    // An environment cannot hold NUL; an AMQP short string can.
    env[name] = String(value).replaceAll('\0', '\uFFFD');
  };
  set('MQ_EXCHANGE', fields.exchange);
  set('MQ_ROUTING_KEY', fields.routingKey);
  set('MQ_REDELIVERED', fields.redelivered ? 'true' : 'false');
  set('MQ_DELIVERY_TAG', fields.deliveryTag);
  set('MQ_CONTENT_TYPE', properties.contentType);
  set('MQ_CONTENT_ENCODING', properties.contentEncoding);
  set('MQ_CORRELATION_ID', properties.correlationId);
  set('MQ_MESSAGE_ID', properties.messageId);
  set('MQ_REPLY_TO', properties.replyTo);
  set('MQ_TYPE', properties.type);
  set('MQ_APP_ID', properties.appId);
  set('MQ_USER_ID', properties.userId);
  set('MQ_TIMESTAMP', isoTimestamp(properties.timestamp));
  set('MQ_PRIORITY', properties.priority);
  set('MQ_EXPIRATION', properties.expiration);
  // The envelope's form, read by the same typed reader, so MQ_HEADERS reads like `listen --json`'s properties.headers.
  const headers = typedHeaders(message);
  set('MQ_HEADERS', headers === undefined ? '{}' : JSON.stringify(tableToJson(headers)));
  return env;
}

/** AMQP timestamps are seconds since the epoch. */
function isoTimestamp(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
