import { UsageError } from '../errors.js';
import { optionName } from '../option-names.js';
import { queueName } from '../amqp/names.js';

export const ON_ERROR = ['stop', 'requeue', 'reject'] as const;
export type OnError = (typeof ON_ERROR)[number];
export const EXEC_OUTPUTS = ['lines', 'json'] as const;
export type ExecOutput = (typeof EXEC_OUTPUTS)[number];

/** The flags of `listen` that --exec reads, and those it must refuse, as commander parses them. */
export interface ExecFlags {
  exec?: string | undefined;
  onError?: OnError | undefined;
  concurrency?: number | undefined;
  execTimeout?: number | undefined;
  execOutput?: ExecOutput | undefined;
  reply?: boolean | undefined;
  count?: number | undefined;
  idleTimeout?: number | undefined;
  drain?: boolean | undefined;
  declare?: boolean | undefined;
  reconnect?: boolean | undefined;
  // Output and consuming flags that make no sense for a command per message:
  format?: string | undefined;
  json?: boolean | undefined;
  template?: string | undefined;
  delimiter?: string | undefined;
  peek?: boolean | undefined;
  prefetch?: number | undefined;
  ack?: boolean | undefined;
  exchange?: string | undefined;
  binding?: string[] | undefined;
  offset?: string | undefined;
}

/** Everything `listen --exec` will do, decided before connecting. */
export interface ExecPlan {
  queue: string;
  command: string;
  onError: OnError;
  concurrency: number;
  timeoutMs: number | undefined;
  output: ExecOutput;
  reply: boolean;
  count: number | undefined;
  idleTimeoutMs: number | undefined;
  drain: boolean;
  declare: boolean;
  reconnect: boolean;
}

const EXEC_ONLY = ['onError', 'concurrency', 'execTimeout', 'execOutput', 'reply'] as const;

/** The flags that only mean something with --exec are refused without it (exit 2). */
export function checkExecOnly(flags: ExecFlags): void {
  const given = EXEC_ONLY.find((key) => flags[key] !== undefined);
  if (given !== undefined) throw new UsageError(`${optionName(given)} needs --exec`, { hint: "e.g. mqcli listen jobs --exec 'handle.sh'" });
}

/** Checks --exec against the other flags of listen; anything that clashes is a usage error. */
export function planExec(argument: string | undefined, flags: ExecFlags, env: Record<string, string | undefined>): ExecPlan {
  const command = flags.exec as string;
  if (command.trim() === '') throw new UsageError('--exec needs a command', { hint: "e.g. mqcli listen jobs --exec 'wc -c'" });
  if (flags.ack === false) {
    throw new UsageError('--exec acks a message when its command succeeds; --no-ack would lose the messages whose command fails', {
      hint: 'Drop --no-ack; --on-error requeue or reject says what happens to failures',
    });
  }
  if (flags.json || flags.format !== undefined || flags.delimiter !== undefined || flags.template !== undefined) {
    const flag = flags.json ? '--json' : flags.format !== undefined ? `--format ${flags.format}` : flags.template !== undefined ? '--template' : '--delimiter';
    throw new UsageError(`${flag} formats the messages listen prints; with --exec the command gets them and prints what it likes`, {
      hint: '--exec-output json wraps each line the commands print with its message id',
    });
  }
  if (flags.prefetch !== undefined) throw new UsageError('--prefetch follows --concurrency with --exec: set --concurrency instead');
  const clash = (['peek', 'exchange', 'binding', 'offset'] as const).find((key) => flags[key] !== undefined);
  if (clash !== undefined) {
    throw new UsageError(`--exec cannot be combined with ${optionName(clash)}`, {
      hint: clash === 'peek' ? undefined : 'Bind a queue to the exchange (mqcli queue bind) and run --exec on it',
    });
  }
  if (flags.reply && flags.execOutput === 'json') {
    throw new UsageError('with --reply the commands’ stdout is the reply; --exec-output json has no lines to wrap', {
      hint: 'Their stderr still goes to mqcli’s stderr',
    });
  }
  return {
    queue: queueName(argument, env),
    command,
    onError: flags.onError ?? 'stop',
    concurrency: flags.concurrency ?? 1,
    timeoutMs: flags.execTimeout === undefined ? undefined : flags.execTimeout * 1000,
    output: flags.execOutput ?? 'lines',
    reply: flags.reply === true,
    count: flags.count,
    idleTimeoutMs: flags.idleTimeout === undefined ? undefined : flags.idleTimeout * 1000,
    drain: flags.drain === true,
    declare: flags.declare !== false,
    reconnect: flags.reconnect !== false,
  };
}
