import { constants } from 'node:os';
import type { LineBuffer } from './output.js';

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** How long a command may take to go after SIGTERM before it gets SIGKILL. */
export const KILL_GRACE_MS = 3000;

/** One run of the command, on one message. */
export interface CommandSpec {
  /** The message body, on the command's stdin. */
  input: Buffer;
  /** Where its stdout goes: passed on in lines, or kept whole (the reply of --reply). */
  stdout: LineBuffer | 'keep';
  stderr: LineBuffer;
  timeoutMs: number | undefined;
  /** Aborted: the command is killed (SIGTERM, then SIGKILL). */
  kill: AbortSignal;
  /** The process groups of running commands, for a second Ctrl-C to kill at once. */
  groups: Set<number>;
}

/** How a command ended. */
export interface CommandResult {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** It could not be started at all (the shell is missing, no more processes…). */
  failedToStart: string | undefined;
  /** It never ran: mqcli is stopping, or the shell that held it went first. */
  skipped: boolean;
  /** Its stdout, when kept. */
  output: Buffer;
}

/** Plain words: no quotes, variables, globs, redirections, pipes or separators. */
const PLAIN = /^[A-Za-z0-9_./:,+@%-]+( +[A-Za-z0-9_./:,+@=%-]+)*$/;
/** Words sh takes as its own, not as a program on PATH. */
const BUILTINS = new Set([
  '.',
  ':',
  'alias',
  'break',
  'cd',
  'command',
  'continue',
  'eval',
  'exec',
  'exit',
  'export',
  'getopts',
  'hash',
  'local',
  'read',
  'readonly',
  'return',
  'set',
  'shift',
  'times',
  'trap',
  'type',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'wait',
]);

/**
 * What to exec: `/bin/sh -c <command>`, but a command of plain words (`cat`, `./handle.sh --fast`)
 * is exec'd directly, as sh would run it, which spares an exec per message.
 */
export function commandLine(command: string): [string, string[]] {
  const words = command.trim().split(/ +/);
  const program = words[0] as string;
  if (PLAIN.test(command.trim()) && !BUILTINS.has(program)) return [program, words.slice(1)];
  return ['/bin/sh', ['-c', command]];
}

/** Kills every running command at once (a second Ctrl-C). */
export function killGroups(groups: ReadonlySet<number>): void {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
}

/** Signals a whole process group; one that is gone already is no error. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

/** "exit code 3", "killed by SIGKILL", "timed out after 5 s": how a failed command ended. */
export function describeEnd(result: CommandResult, timeoutMs: number | undefined): string {
  if (result.failedToStart !== undefined) return `could not start: ${result.failedToStart}`;
  if (result.timedOut) return `timed out after ${(timeoutMs ?? 0) / 1000} s and was killed`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  // The shell says 128 + n both for a command killed by signal n and for one that exits so.
  const signal = result.code !== null && result.code > 128 ? SIGNAL_NAMES.get(result.code - 128) : undefined;
  return signal === undefined ? `exit code ${result.code}` : `exit code ${result.code}, as for ${signal}`;
}
