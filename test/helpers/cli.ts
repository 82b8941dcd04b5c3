import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import type { BrokerInfo } from '../setup/broker.js';
import { tempDir } from './temp.js';

export const BIN = resolve(import.meta.dirname, '../../bin/mqcli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface CliOptions {
  /** Extra environment; the base has only PATH, a private HOME and the test broker's port. */
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** HOME for the command (default: the cwd, or a fresh folder). */
  home?: string;
  /** Leave stdin open (a pipe nobody writes to yet), for commands that must not see EOF. */
  keepStdinOpen?: boolean;
  cwd?: string;
  /** Kill after this many ms (the test fails on a hang rather than waiting forever). */
  timeout?: number;
  /** Another broker than the shared test broker. */
  broker?: BrokerInfo;
}

export { tempDir };

/** Environment of a user with nothing configured but the test broker's address. */
export function baseEnv(home: string, broker: BrokerInfo = inject('broker')): Record<string, string> {
  const { port } = broker;
  return { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), MQ_HOST: '127.0.0.1', MQ_PORT: String(port) };
}

/** Starts the built binary as a user would; `done` resolves when it exits. */
export function start(args: string[], options: CliOptions = {}) {
  const home = options.home ?? options.cwd ?? tempDir();
  const env = { ...baseEnv(home, options.broker), ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? home, env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  // The command may exit before reading all of stdin; that is its business, not a test failure.
  child.stdin.on('error', () => {});
  if (options.input !== undefined) child.stdin.end(options.input);
  else if (!options.keepStdinOpen) child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 30_000);
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolveDone({ code, signal, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
  });
  return { child, done, stderrText: () => Buffer.concat(err).toString('utf8'), stdoutText: () => Buffer.concat(out).toString('utf8') };
}

/** Runs the binary to the end. */
export function mqcli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return start(args, options).done;
}
