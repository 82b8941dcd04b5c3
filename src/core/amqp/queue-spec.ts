import { UsageError } from '../errors.js';
import { parseArguments } from '../key-value.js';

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];
export const OVERFLOW_MODES = ['drop-head', 'reject-publish', 'reject-publish-dlx'] as const;

/** The queue settings a user can ask for, as flags give them. */
export interface QueueOptions {
  durable?: boolean | undefined;
  exclusive?: boolean | undefined;
  autoDelete?: boolean | undefined;
  type?: QueueType | undefined;
  maxLength?: number | undefined;
  maxLengthBytes?: number | undefined;
  messageTtl?: number | undefined;
  expires?: number | undefined;
  deadLetterExchange?: string | undefined;
  deadLetterRoutingKey?: string | undefined;
  maxPriority?: number | undefined;
  overflow?: string | undefined;
  arg?: string[] | undefined;
}

/** What queue.declare is sent. */
export interface QueueSpec {
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  arguments: Record<string, unknown>;
}

const ARGUMENT_FLAGS = [
  ['maxLength', 'x-max-length', '--max-length'],
  ['maxLengthBytes', 'x-max-length-bytes', '--max-length-bytes'],
  ['messageTtl', 'x-message-ttl', '--message-ttl'],
  ['expires', 'x-expires', '--expires'],
  ['deadLetterExchange', 'x-dead-letter-exchange', '--dead-letter-exchange'],
  ['deadLetterRoutingKey', 'x-dead-letter-routing-key', '--dead-letter-routing-key'],
  ['maxPriority', 'x-max-priority', '--max-priority'],
  ['overflow', 'x-overflow', '--overflow'],
] as const;

/**
 * Turns flags into a declare request. Durable by default (RabbitMQ 4 deprecates transient
 * shared queues); x-queue-type only when --type is given, so queues made without it still match.
 */
export function queueSpec(options: QueueOptions): QueueSpec {
  const args: Record<string, unknown> = parseArguments(options.arg ?? []);
  for (const [field, key, flag] of ARGUMENT_FLAGS) {
    const value = options[field];
    if (value === undefined) continue;
    if (Object.hasOwn(args, key)) throw new UsageError(`${key} is given twice: by ${flag} and by --arg`);
    args[key] = value;
  }
  if (options.type !== undefined) {
    if (Object.hasOwn(args, 'x-queue-type')) throw new UsageError('x-queue-type is given twice: by --type and by --arg');
    args['x-queue-type'] = options.type;
  }
  const spec: QueueSpec = {
    durable: options.durable ?? true,
    exclusive: options.exclusive ?? false,
    autoDelete: options.autoDelete ?? false,
    arguments: args,
  };
  const type = args['x-queue-type'];
  if (type === 'quorum' || type === 'stream') {
    if (!spec.durable) throw new UsageError(`a ${type} queue is always durable; drop --no-durable`);
    if (spec.exclusive) throw new UsageError(`a ${type} queue cannot be exclusive; drop --exclusive`);
    if (spec.autoDelete) throw new UsageError(`a ${type} queue cannot be auto-delete; drop --auto-delete`);
  }
  return spec;
}

/** True when any setting beyond the defaults was asked for (used to refuse them with --passive). */
export function hasSettings(options: QueueOptions): boolean {
  return (
    options.durable === false ||
    options.exclusive === true ||
    options.autoDelete === true ||
    options.type !== undefined ||
    (options.arg?.length ?? 0) > 0 ||
    ARGUMENT_FLAGS.some(([field]) => options[field] !== undefined)
  );
}
