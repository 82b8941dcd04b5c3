import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Context } from '../../src/core/context.js';
import { main } from '../../src/index.js';
import { Logger } from '../../src/ui/log.js';
import { plain } from '../../src/ui/style.js';
import { tempDir } from './temp.js';

export interface InProcessOptions {
  /** Extra environment over a user with nothing configured (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** All of stdin; without it stdin is empty (at its end). */
  input?: string | Buffer;
  /** The cwd, also HOME (default: a fresh folder). */
  cwd?: string;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The broker port of the fake environment: nothing listens on port 1, so a command that reaches
 * for a broker fails with exit 1 (connection refused) instead of passing by accident.
 */
const NO_BROKER = { MQ_HOST: '127.0.0.1', MQ_PORT: '1' };

/** Runs `mqcli <args>` in this process through main(), as bin/mqcli.js does, with fake streams and env. */
export async function runMain(args: string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  const cwd = options.cwd ?? tempDir();
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config'), ...NO_BROKER, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const [stdout, stderr] = [collected(), collected()];
  let exitCode: number | undefined;
  const context: Context = {
    env,
    dotenvKeys: new Set(),
    cwd,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout.stream,
    stderr: stderr.stream,
    log: new Logger({ stream: stderr.stream, quiet: false, verbose: args.includes('--verbose'), style: plain }),
    exitCode: 0,
    // Only a second Ctrl-C ends the process at once; here it is noted, and wins over what main returns.
    exit: (code) => {
      exitCode ??= code;
    },
  };
  const code = await withHome(env, () => main(['node', 'mqcli', ...args], context));
  return { code: exitCode ?? code, stdout: await stdout.text(), stderr: await stderr.text() };
}

/** A stream standing for stdout or stderr; text() ends it and gives all that was written. */
function collected() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(stream, 'end');
  const text = async () => {
    stream.end();
    await ended;
    return Buffer.concat(chunks).toString('utf8');
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text };
}

/**
 * cosmiconfig looks for rc files up to os.homedir() and in the global config folder, which it
 * takes from the process, not from the context: point both at the fake home while main() runs.
 */
async function withHome<T>(env: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  setEnv({ HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME });
  try {
    return await work();
  } finally {
    setEnv(saved);
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
