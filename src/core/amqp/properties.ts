import type { Options } from 'amqplib';
import { UsageError } from '../errors.js';
import { flagHeaders, headersToPublish } from './header-flags.js';

/** The message-property flags of `send` and `request`, as commander parses them. */
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
 * do the same), `-H key:=json` is typed (header-flags.ts); only the properties given are set, so
 * an envelope's own properties show through.
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
export const PERSISTENT = 2;
