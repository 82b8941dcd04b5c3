import type { Options } from 'amqplib';
import { parseDelimiter } from '../delimiter.js';
import { UsageError } from '../errors.js';
import { queueName } from '../amqp/names.js';
import { flagHeaders } from '../amqp/header-flags.js';
import { propertiesFromFlags, type PropertyFlags } from '../amqp/properties.js';
import { checkPropertyFlags } from '../publish-limits.js';

/** The flags of `request`, as commander parses them: send's message properties, and how long to wait. */
export interface RequestFlags extends PropertyFlags {
  json?: boolean | undefined;
  delimiter?: string | undefined;
}

/** Everything `request` will do, decided before connecting. */
export interface RequestPlan {
  queue: string;
  /** The message argument; undefined: the body is all of stdin. */
  body: Buffer | undefined;
  properties: Options.Publish;
  timeoutMs: number;
  json: boolean;
  /** Written after the reply's body, as listen's raw output writes it after each (default a newline). */
  delimiter: Buffer;
}

export const DEFAULT_REPLY_TIMEOUT_S = 30;

/** Checks the flags; reply-to is the request's own (direct reply-to), so --reply-to is refused. */
export function planRequest(
  queue: string | undefined,
  message: string | undefined,
  flags: RequestFlags,
  timeoutSeconds: number | undefined,
  stdin: { isTTY: boolean; holdsPassword: boolean },
  env: Record<string, string | undefined>,
): RequestPlan {
  if (flags.replyTo !== undefined) {
    throw new UsageError('request sets reply-to itself (RabbitMQ direct reply-to) and waits there for the answer; drop --reply-to', {
      hint: 'To publish with a reply-to of your own, use mqcli send --reply-to',
    });
  }
  if (message === undefined && stdin.holdsPassword) {
    throw new UsageError('--password-stdin takes stdin for the password; give the message as an argument');
  }
  if (message === undefined && stdin.isTTY) {
    throw new UsageError('no message given', { hint: 'Give it as an argument (mqcli request rpc "hello"), or pipe it in (echo hello | mqcli request rpc)' });
  }
  if (flags.json && flags.delimiter !== undefined) throw new UsageError('--delimiter is for the raw body; --json prints one envelope per line');
  const headers = flagHeaders(flags.header);
  const properties = propertiesFromFlags(flags, headers);
  checkPropertyFlags(properties, headers);
  return {
    queue: queueName(queue, env),
    body: message === undefined ? undefined : Buffer.from(message),
    properties,
    timeoutMs: (timeoutSeconds ?? DEFAULT_REPLY_TIMEOUT_S) * 1000,
    json: flags.json === true,
    delimiter: flags.delimiter === undefined ? Buffer.from('\n') : parseDelimiter(flags.delimiter),
  };
}
