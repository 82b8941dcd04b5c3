import { randomBytes } from 'node:crypto';
import type { QueueType } from '../amqp/queue-spec.js';
import { UsageError } from '../errors.js';
import { type FailIf, parseFailIf } from './fail-if.js';

export const ROLES = ['both', 'producer', 'consumer'] as const;
export type Role = (typeof ROLES)[number];

/** The flags of `mqcli perf`, as commander parses them. */
export interface PerfFlags {
  producers?: number;
  consumers?: number;
  rate?: number;
  size?: number;
  duration?: number;
  count?: number;
  /** A number (max in flight) or false (--no-confirm). */
  confirm?: number | false;
  persistent?: boolean;
  transient?: boolean;
  prefetch?: number;
  multiAck?: number;
  autoAck?: boolean;
  consumerDelay?: number;
  connections?: number;
  queues?: number;
  queueType?: QueueType;
  exchange?: string;
  routingKey?: string;
  predeclared?: boolean;
  closedLoop?: boolean;
  useMillis?: boolean;
  role?: Role;
  json?: boolean;
  csv?: string;
  hlog?: string;
  save?: string;
  compare?: string;
  failIf?: string[];
}

/** A checked run: everything `runPerf` needs, nothing left to default. */
export interface PerfPlan {
  queues: string[];
  declare: boolean;
  /** Whether perf deletes the queues at the end (the ones it made). */
  cleanUp: boolean;
  queueType: QueueType;
  /** '' (the default exchange) or --exchange, which must exist; perf binds the queues it makes to it. */
  exchange: string;
  /** --routing-key; undefined: each producer's queue name. */
  routingKey: string | undefined;
  producers: number;
  consumers: number;
  /** Messages per second per producer; undefined: as fast as the confirm window lets. */
  rate: number | undefined;
  /** Each message timed from its due time (open loop) or from when it went (--closed-loop). */
  openLoop: boolean;
  size: number;
  durationMs: number | undefined;
  /** Messages per producer. */
  count: number | undefined;
  /** Unconfirmed messages a producer may have in flight; undefined: no confirms. */
  confirm: number | undefined;
  persistent: boolean;
  prefetch: number;
  multiAck: number;
  autoAck: boolean;
  consumerDelayMs: number;
  /** Connections for the producers, and as many for the consumers. */
  connections: { producers: number; consumers: number };
  useMillis: boolean;
  role: Role;
  /** Tells this run's producers apart from another run's (or host's) in the same queue. */
  runId: string;
  failIf: FailIf[];
}

export const DEFAULT_CONFIRM = 1000;

/** Checks the flags (exit 2 before any connection) and fills in the defaults. */
export function planPerf(queue: string | undefined, flags: PerfFlags): PerfPlan {
  const role = flags.role ?? 'both';
  if (flags.persistent === true && flags.transient === true) throw new UsageError('--persistent and --transient contradict each other');
  if (flags.duration !== undefined && flags.count !== undefined) throw new UsageError('give --duration or --count, not both');
  if (flags.autoAck === true && flags.multiAck !== undefined) throw new UsageError('--multi-ack acks several messages at once; --auto-ack acks none');
  if (flags.queueType === 'stream' && flags.autoAck === true) throw new UsageError('a stream queue needs acks: drop --auto-ack');
  if (flags.routingKey !== undefined && (flags.exchange ?? '') === '')
    throw new UsageError('--routing-key needs --exchange: through the default exchange the key is the queue');
  if (role !== 'both' && queue === undefined) throw new UsageError(`--role ${role} needs the queue's name, the same on every host`);
  if (flags.compare === undefined && (flags.failIf ?? []).some((rule) => /%\s*$/.test(rule))) {
    throw new UsageError('--fail-if with a % compares with a saved run: give --compare <file>');
  }
  const failIf = (flags.failIf ?? []).map(parseFailIf);
  const count = (flags.queues ?? 1) === 1 ? undefined : (flags.queues as number);
  const base = queue ?? `mqcli-perf-${randomBytes(4).toString('hex')}`;
  const queues = count === undefined ? [base] : Array.from({ length: count }, (_, i) => `${base}-${i + 1}`);
  const producers = role === 'consumer' ? 0 : (flags.producers ?? 1);
  const consumers = role === 'producer' ? 0 : (flags.consumers ?? 1);
  const predeclared = flags.predeclared === true;
  if (producers + consumers === 0) throw new UsageError('nothing to run: --producers and --consumers are both 0');
  return {
    queues,
    declare: !predeclared,
    // Split over hosts, the other side still needs the queue: whoever made it deletes it.
    cleanUp: !predeclared && role === 'both',
    queueType: flags.queueType ?? 'classic',
    exchange: flags.exchange ?? '',
    routingKey: flags.routingKey,
    producers,
    consumers,
    rate: flags.rate,
    openLoop: flags.rate !== undefined && flags.closedLoop !== true,
    size: flags.size ?? 12,
    durationMs: flags.duration === undefined ? (flags.count === undefined ? 10_000 : undefined) : flags.duration * 1000,
    count: flags.count,
    confirm: flags.confirm === false ? undefined : (flags.confirm ?? DEFAULT_CONFIRM),
    // PerfTest's default; quorum queues and streams keep every message on disk whatever its mode.
    persistent: flags.persistent === true,
    prefetch: flags.prefetch ?? (flags.queueType === 'stream' ? 1000 : 0),
    multiAck: flags.multiAck ?? 1,
    autoAck: flags.autoAck === true,
    consumerDelayMs: flags.consumerDelay ?? 0,
    connections: { producers: Math.min(flags.connections ?? producers, producers), consumers: Math.min(flags.connections ?? consumers, consumers) },
    // Across hosts only the wall clock is shared.
    useMillis: flags.useMillis === true || role !== 'both',
    role,
    runId: randomBytes(3).toString('hex'),
    failIf,
  };
}
