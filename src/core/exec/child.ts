import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LineBuffer } from './output.js';

/** How long a command may take to go after SIGTERM before it gets SIGKILL. */
export const KILL_GRACE_MS = 3000;

export interface CommandSpec {
  command: string;
  /** The message body, on the command's stdin. */
  input: Buffer;
  env: Record<string, string>;
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
  /** Its stdout, when kept. */
  output: Buffer;
}

/**
 * Runs `/bin/sh -c <command>` with the body on stdin. The command gets a process group of its
 * own: a Ctrl-C at the terminal reaches mqcli alone (which lets running commands finish), and a
 * kill reaches whatever the shell started too.
 */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  return new Promise((resolve) => {
    const [file, args] = commandLine(spec.command);
    const child = spawn(file, args, { env: spec.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid !== undefined) spec.groups.add(pid);
    let timedOut = false;
    let failedToStart: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const kept: Buffer[] = [];
    const terminate = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timer =
      spec.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            terminate();
          }, spec.timeoutMs);
    if (spec.kill.aborted) terminate();
    else spec.kill.addEventListener('abort', terminate, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failedToStart = error.code === 'ENOENT' ? `${file}: command not found` : error.message;
    });
    // A command that does not read its stdin closes it early: that is its business.
    child.stdin.on('error', () => {});
    child.stdin.end(spec.input);
    if (spec.stdout === 'keep') child.stdout.on('data', (chunk: Buffer) => kept.push(chunk));
    else forward(child.stdout, spec.stdout);
    forward(child.stderr, spec.stderr);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      spec.kill.removeEventListener('abort', terminate);
      if (pid !== undefined) spec.groups.delete(pid);
      if (spec.stdout !== 'keep') spec.stdout.end();
      spec.stderr.end();
      const ok = code === 0 && !timedOut && failedToStart === undefined;
      resolve({ ok, code, signal, timedOut, failedToStart, output: Buffer.concat(kept) });
    });
  });
}

/** A command printing faster than mqcli's own output takes it waits for it. */
function forward(from: Readable, to: LineBuffer): void {
  from.on('data', (chunk: Buffer) => {
    if (to.push(chunk)) return;
    from.pause();
    void to.drained().then(() => from.resume());
  });
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
 * What to run: `/bin/sh -c <command>`, but a command of plain words (`cat`, `./handle.sh --fast`)
 * is run directly, as sh would run it, which spares a process per message.
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

/** Signals the command's whole process group; one that is gone already is no error. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
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
  return `exit code ${result.code}`;
}
