import { UsageError } from '../errors.js';
import { optionName } from '../option-names.js';
import { checkName, checkRoutingKey, queueName } from '../amqp/names.js';
import { parseDelimiter } from '../delimiter.js';
import { propertiesFromFlags, type PropertyFlags } from './properties.js';
import { flagHeaders } from '../amqp/header-flags.js';
import type { TypedTable } from '../wire/typed-value.js';
import type { Options } from 'amqplib';
import { checkPropertyFlags } from '../publish-limits.js';
import { DEFAULT_RETRY_NACKS_S } from '../broker/nack-retry.js';

/** The flags of `send`, as commander parses them. */
export interface SendFlags extends PropertyFlags {
  exchange?: string | undefined;
  file?: string[] | undefined;
  json?: boolean | undefined;
  whole?: boolean | undefined;
  delimiter?: string | undefined;
  keepEmpty?: boolean | undefined;
  repeat?: number | undefined;
  /** --rate: at most this many messages per second. */
  rate?: number | undefined;
  /** False with --no-confirm. */
  confirm?: boolean | undefined;
  /** False with --no-reconnect. */
  reconnect?: boolean | undefined;
  /** --retry-nacks: seconds after a failover during which nacked messages are published again. */
  retryNacks?: number | undefined;
  /** False with --no-declare. */
  declare?: boolean | undefined;
}

export type Input =
  | { kind: 'arguments'; messages: string[] }
  | { kind: 'files'; paths: string[] }
  | { kind: 'lines'; delimiter: Buffer | undefined; keepEmpty: boolean }
  | { kind: 'whole' }
  | { kind: 'envelopes' };

/** Everything `send` will do, decided before connecting. */
export interface SendPlan {
  exchange: string;
  routingKey: string;
  /** The queue behind the default exchange, which `send` may create. */
  queue: string | undefined;
  input: Input;
  repeat: number;
  /** At most this many messages per second, evenly spaced; undefined: as fast as the broker takes them. */
  rate: number | undefined;
  confirm: boolean;
  /** After a lost connection, reconnect and publish again what was unconfirmed (needs confirms). */
  reconnect: boolean;
  /** After a failover, nacked messages are published again for this long (0: never); needs `reconnect`. */
  retryNacksMs: number;
  declare: boolean;
  properties: Options.Publish;
  /** The -H headers with their types, laid over each envelope's own (properties has them for amqplib). */
  headers: TypedTable | undefined;
  /**
   * An empty stdin is this error, not "nothing to send": with QUEUE_NAME set, the one argument
   * may well have been meant as the message (`mqcli send "task two"`), as on a terminal.
   */
  emptyStdin: UsageError | undefined;
}

/** Checks the flags against each other and decides where messages come from and go to. */
export function planSend(
  destination: string | undefined,
  messages: string[],
  flags: SendFlags,
  stdin: { isTTY: boolean; holdsPassword?: boolean },
  env: Record<string, string | undefined>,
): SendPlan {
  const exchange = flags.exchange ?? '';
  if (exchange !== '') checkName(exchange, 'exchange');
  if (exchange !== '' && flags.declare === false) {
    throw new UsageError('--no-declare is about the queue behind the default exchange; with --exchange nothing is declared anyway');
  }
  const routingKey = exchange === '' ? queueName(destination, env) : checkRoutingKey(destination ?? '');
  const input = chooseInput(messages, flags, stdin);
  const headers = flagHeaders(flags.header);
  if (flags.repeat !== undefined && (input.kind === 'lines' || input.kind === 'envelopes')) {
    throw new UsageError('--repeat works with message arguments, --file or --whole, not with a stream of lines');
  }
  const reconnect = flags.reconnect !== false && flags.confirm !== false;
  if (!reconnect && flags.retryNacks !== undefined && flags.retryNacks > 0) {
    throw new UsageError(
      `--retry-nacks is about nacks after a failover: it cannot be used with ${flags.confirm === false ? '--no-confirm' : '--no-reconnect'}`,
    );
  }
  const properties = propertiesFromFlags(flags, headers);
  checkPropertyFlags(properties, headers);
  return {
    exchange,
    routingKey,
    queue: exchange === '' ? routingKey : undefined,
    input,
    repeat: flags.repeat ?? 1,
    rate: flags.rate,
    confirm: flags.confirm !== false,
    reconnect,
    retryNacksMs: reconnect ? (flags.retryNacks ?? DEFAULT_RETRY_NACKS_S) * 1000 : 0,
    declare: flags.declare !== false,
    properties,
    headers,
    emptyStdin: mayBeMessage(destination, messages, flags, env) ? noMessageGiven() : undefined,
  };
}

/** No message as an argument, and none to read: the first argument was taken as the queue. */
export function noMessageGiven(): UsageError {
  return new UsageError('no message given', {
    hint:
      'Give it as an argument (mqcli send q "hello"), pipe lines in (producer | mqcli send q), or use --file <path>; ' +
      'the first argument is always the queue',
  });
}

function chooseInput(messages: string[], flags: SendFlags, stdin: { isTTY: boolean; holdsPassword?: boolean }): Input {
  const stdinFlags = (['json', 'whole', 'delimiter', 'keepEmpty'] as const).filter((key) => flags[key] !== undefined && flags[key] !== false);
  const given = flags.file !== undefined ? '--file' : messages.length > 0 ? 'message arguments' : undefined;
  if (given !== undefined && stdinFlags.length > 0) {
    throw new UsageError(`${optionName(stdinFlags[0] as string)} is about reading stdin; it cannot be used with ${given}`);
  }
  if (messages.length > 0 && flags.file !== undefined) throw new UsageError('give messages as arguments or with --file, not both');
  if (messages.length > 0) return { kind: 'arguments', messages };
  if (flags.file !== undefined) return { kind: 'files', paths: flags.file };
  if (stdin.holdsPassword) {
    throw new UsageError('--password-stdin takes stdin for the password; give the messages as arguments or with --file');
  }
  if (stdin.isTTY) throw noMessageGiven();
  if (flags.json && (flags.whole || flags.delimiter !== undefined || flags.keepEmpty)) {
    throw new UsageError('--json reads one envelope per line; it cannot be combined with --whole, --delimiter or --keep-empty');
  }
  if (flags.json) return { kind: 'envelopes' };
  if (flags.whole && (flags.delimiter !== undefined || flags.keepEmpty)) {
    throw new UsageError('--whole sends stdin as one message; --delimiter and --keep-empty do not apply');
  }
  if (flags.whole) return { kind: 'whole' };
  if (flags.delimiter === '')
    throw new UsageError('--delimiter cannot be empty when splitting stdin', { hint: 'To send all of stdin as one message, use --whole' });
  return { kind: 'lines', delimiter: flags.delimiter === undefined ? undefined : parseDelimiter(flags.delimiter), keepEmpty: flags.keepEmpty === true };
}

/** One argument, taken as the queue, where QUEUE_NAME would have named the queue: it may be the message. */
function mayBeMessage(destination: string | undefined, messages: string[], flags: SendFlags, env: Record<string, string | undefined>): boolean {
  const queueSet = env.QUEUE_NAME !== undefined && env.QUEUE_NAME !== '';
  return queueSet && destination !== undefined && messages.length === 0 && flags.file === undefined && (flags.exchange ?? '') === '';
}
