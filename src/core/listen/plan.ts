import { UsageError } from '../errors.js';
import { optionName } from '../option-names.js';
import { checkName, checkRoutingKey, queueName } from '../amqp/names.js';
import { parseDelimiter } from '../delimiter.js';
import type { Format } from './output-formats.js';
import { parseOffset, type StreamOffset } from '../consumer/stream-offset.js';
import { parseTemplate, type TemplatePart } from './template.js';
import { parseWhere, type Where } from '../where.js';

/** The flags of `listen`, as commander parses them. */
export interface ListenFlags {
  format?: Format | undefined;
  json?: boolean | undefined;
  /** --template: implies --format template. */
  template?: string | undefined;
  delimiter?: string | undefined;
  count?: number | undefined;
  idleTimeout?: number | undefined;
  drain?: boolean | undefined;
  peek?: boolean | undefined;
  prefetch?: number | undefined;
  /** False with --no-ack. */
  ack?: boolean | undefined;
  exchange?: string | undefined;
  binding?: string[] | undefined;
  offset?: string | undefined;
  /** False with --no-declare. */
  declare?: boolean | undefined;
  /** False with --no-reconnect. */
  reconnect?: boolean | undefined;
  /** --where '<JMESPath>': only the messages it matches. */
  where?: string | undefined;
  /** --decode: pretty and template output (and --where) read gzip, deflate and br bodies decoded. */
  decode?: boolean | undefined;
}

/** Everything `listen` will do, decided before connecting. */
export interface ListenPlan {
  /** The queue to consume; undefined when tapping an exchange through a temporary queue. */
  queue: string | undefined;
  exchange: string | undefined;
  /** The keys of --binding; undefined: bind what sees every message of the exchange's type (tap.ts). */
  bindings: string[] | undefined;
  format: Format;
  /** --format template: the parsed template, and whether stdout is a terminal (then controls are escaped). */
  template: { parts: TemplatePart[]; terminal: boolean } | undefined;
  delimiter: Buffer;
  count: number | undefined;
  idleTimeoutMs: number | undefined;
  drain: boolean;
  peek: boolean;
  prefetch: number;
  /** --prefetch was given: raising it (to make room for what a pipe holds) deserves a warning. */
  prefetchGiven: boolean;
  noAck: boolean;
  offset: StreamOffset | undefined;
  declare: boolean;
  reconnect: boolean;
  where: Where | undefined;
  decode: boolean;
}

export const DEFAULT_PREFETCH = 100;
/** basic.qos takes a 16-bit count. */
export const MAX_PREFETCH = 65_535;

/** Checks the flags against each other; output defaults to pretty on a terminal, raw in a pipe. */
export function planListen(argument: string | undefined, flags: ListenFlags, stdout: { isTTY: boolean }, env: Record<string, string | undefined>): ListenPlan {
  if (flags.json && flags.format !== undefined && flags.format !== 'json') throw new UsageError(`--json and --format ${flags.format} disagree; pick one`);
  const template = templateOf(flags, stdout);
  const explicit = flags.json ? 'json' : (flags.format ?? (template === undefined ? undefined : 'template'));
  if (flags.delimiter !== undefined && explicit !== undefined && explicit !== 'raw') throw new UsageError('--delimiter applies to --format raw only');
  const format: Format = explicit ?? (flags.delimiter !== undefined || !stdout.isTTY ? 'raw' : 'pretty');

  if (flags.decode && format !== 'pretty' && format !== 'template') {
    throw new UsageError(`--decode applies to pretty and template output; --format ${format} writes bodies as they came`);
  }
  if (flags.binding !== undefined && flags.exchange === undefined) throw new UsageError('--binding needs --exchange');
  if (flags.offset !== undefined && flags.exchange !== undefined) {
    throw new UsageError('--offset reads a stream queue; the temporary queue of --exchange is not one', {
      hint: 'Bind a stream queue to the exchange (mqcli queue bind), then: mqcli listen <stream> --offset …',
    });
  }
  if (flags.exchange !== undefined && argument !== undefined) {
    throw new UsageError('with --exchange, listen taps the exchange through a temporary queue; drop the queue argument');
  }
  const noAck = flags.ack === false;
  if (flags.peek) {
    const clash = (['exchange', 'offset', 'drain', 'idleTimeout'] as const).find((key) => flags[key] !== undefined);
    if (noAck || clash !== undefined) throw new UsageError(`--peek cannot be combined with ${noAck ? '--no-ack' : optionName(clash as string)}`);
  }
  if (noAck && flags.offset !== undefined) throw new UsageError('stream queues need acknowledgements: --offset cannot be used with --no-ack');
  // Without acks the broker sends the whole queue at once and forgets it: stopping after n would
  // lose every message sent after the n-th, and no prefetch limits what it sends.
  if (noAck && flags.count !== undefined)
    throw new UsageError('--count cannot stop at exactly n with --no-ack: the broker would already have sent (and forgotten) more', {
      hint: 'Drop --no-ack; acks are what make --count exact',
    });
  if (noAck && flags.prefetch !== undefined) throw new UsageError('--prefetch has no effect with --no-ack: the broker does not limit what it sends then');
  if (flags.where !== undefined && flags.exchange === undefined && !flags.peek) {
    throw new UsageError('listen --where picks from a tap (--exchange) or a peek: messages of a queue that do not match would have to stay in it', {
      hint: "mqcli queue browse <queue> --where '…' shows them; mqcli queue move <queue> <destination> --where '…' moves them",
    });
  }
  const where = flags.where === undefined ? undefined : parseWhere(flags.where);
  const prefetch = flags.prefetch ?? DEFAULT_PREFETCH;
  return {
    queue: flags.exchange === undefined ? queueName(argument, env) : undefined,
    exchange: flags.exchange === undefined ? undefined : checkName(flags.exchange, 'exchange'),
    bindings: flags.binding?.map(checkRoutingKey),
    format,
    template,
    delimiter: flags.delimiter === undefined ? Buffer.from('\n') : parseDelimiter(flags.delimiter),
    count: flags.count,
    idleTimeoutMs: flags.idleTimeout === undefined ? undefined : flags.idleTimeout * 1000,
    drain: flags.drain === true,
    peek: flags.peek === true,
    // Never more in flight than --count needs, so exactly n are delivered and acked.
    // With --where the count is of matches, which the listener counts itself.
    prefetch: flags.count === undefined || where !== undefined ? prefetch : Math.min(flags.count, prefetch === 0 ? MAX_PREFETCH : prefetch),
    prefetchGiven: flags.prefetch !== undefined,
    noAck,
    offset: flags.offset === undefined ? undefined : parseOffset(flags.offset),
    declare: flags.declare !== false,
    reconnect: flags.reconnect !== false,
    where,
    decode: flags.decode === true,
  };
}

/** --template (alone, or with --format template), parsed: a bad one fails here, before connecting. */
function templateOf(flags: ListenFlags, stdout: { isTTY: boolean }): ListenPlan['template'] {
  if (flags.template === undefined) {
    if (flags.format === 'template')
      throw new UsageError("--format template needs --template '<text>'", { hint: "For example: --template '{routingKey}\\t{body}\\n'" });
    return undefined;
  }
  const other = flags.json ? '--json' : flags.format !== undefined && flags.format !== 'template' ? `--format ${flags.format}` : undefined;
  if (other !== undefined) throw new UsageError(`--template and ${other} disagree; pick one`);
  return { parts: parseTemplate(flags.template), terminal: stdout.isTTY };
}
