import { UsageError } from '../errors.js';
import { checkName, queueName } from '../amqp/names.js';
import { DEFAULT_RETRY_NACKS_S } from '../broker/nack-retry.js';
import { parseWhere, type Where } from '../where.js';

/** Where moved messages go: a queue, an exchange, or back where each was dead-lettered from. */
export type MoveTarget = { kind: 'queue'; queue: string } | { kind: 'exchange'; exchange: string; routingKey: string | undefined } | { kind: 'redrive' };

/** The flags of `queue move`, as commander parses them. */
export interface MoveFlags {
  count?: number | undefined;
  exchange?: string | undefined;
  routingKey?: string | undefined;
  dryRun?: boolean | undefined;
  /** --retry-nacks: seconds after a failover during which a nack of the destination is waited out. */
  retryNacks?: number | undefined;
  /** False with --no-reconnect. */
  reconnect?: boolean | undefined;
  /** --where '<JMESPath>': move only what it matches. */
  where?: string | undefined;
}

/** Everything `queue move` will do, decided before connecting. */
export interface MovePlan {
  source: string;
  target: MoveTarget;
  count: number | undefined;
  dryRun: boolean;
  /** Messages in flight at once: consumed, published, not yet confirmed and acked. */
  window: number;
  /** After a lost connection, fail over to the next node and go on. */
  reconnect: boolean;
  /** After a failover, a nack of the destination starts the move over for this long (0: never). */
  retryNacksMs: number;
  /** --where: only what it matches moves; the rest stays in the source, in its place. */
  where: Where | undefined;
  /** queue copy: what the destination confirmed is never acked, so the source keeps it, in place. */
  keep?: boolean | undefined;
}

/** Enough in flight to keep both queues busy; the bench shows little gain beyond. */
const MOVE_WINDOW = 1000;
/**
 * With --where, what does not match is held unacked until the pass ends (so that it goes back in
 * its place), and held messages count against the prefetch: the largest one basic.qos takes.
 */
const WHERE_WINDOW = 65_535;

/**
 * `queue copy`: a move that acks nothing. Every message is held until the destination confirmed
 * its copy, and all go back in place when the source channel closes: so the window bounds a copy,
 * and a lost connection ends it (a new pass would copy everything again).
 */
export function planCopy(source: string | undefined, destination: string | undefined, flags: MoveFlags, env: Record<string, string | undefined>): MovePlan {
  if (destination === undefined && flags.exchange === undefined) throw new UsageError('queue copy needs a destination queue or --exchange');
  const plan = planMove(source, destination, { ...flags, reconnect: false }, env);
  return { ...plan, keep: true, window: WHERE_WINDOW };
}

/** Checks the arguments against each other: one destination at most, names that AMQP takes. */
export function planMove(source: string | undefined, destination: string | undefined, flags: MoveFlags, env: Record<string, string | undefined>): MovePlan {
  const from = queueName(source, env);
  if (flags.routingKey !== undefined && flags.exchange === undefined) throw new UsageError('--routing-key goes with --exchange');
  if (flags.exchange !== undefined && destination !== undefined) throw new UsageError('give a destination queue or --exchange, not both');
  if (flags.routingKey !== undefined && Buffer.byteLength(flags.routingKey) > 255) throw new UsageError("the routing key is longer than AMQP's 255 bytes");
  let target: MoveTarget = { kind: 'redrive' };
  if (destination !== undefined) target = { kind: 'queue', queue: checkName(destination, 'destination queue') };
  if (flags.exchange !== undefined)
    target = { kind: 'exchange', exchange: flags.exchange === '' ? '' : checkName(flags.exchange, 'exchange'), routingKey: flags.routingKey };
  const reconnect = flags.reconnect !== false;
  if (!reconnect && flags.retryNacks !== undefined && flags.retryNacks > 0) {
    throw new UsageError('--retry-nacks is about nacks after a failover: it cannot be used with --no-reconnect');
  }
  const where = flags.where === undefined ? undefined : parseWhere(flags.where);
  if (target.kind === 'queue' && target.queue === from) throw new UsageError(`'${from}' is both the source and the destination`);
  return {
    source: from,
    target,
    count: flags.count,
    dryRun: flags.dryRun === true,
    // --count counts matches: the window must hold what does not match too.
    window: where === undefined ? Math.min(flags.count ?? MOVE_WINDOW, MOVE_WINDOW) : WHERE_WINDOW,
    reconnect,
    retryNacksMs: reconnect ? (flags.retryNacks ?? DEFAULT_RETRY_NACKS_S) * 1000 : 0,
    where,
  };
}
