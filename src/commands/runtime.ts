import type { Command } from 'commander';
import type { Context, Run } from '../core/context.js';
import type { ResolvedSettings } from '../core/settings/types.js';
import { streamStyles, type StreamStyles } from '../ui/style.js';
import { Logger } from '../ui/log.js';
import { connectionFlags, type GlobalOptions } from './global-options.js';

/** Wraps an action: builds its Run from the command's options, and records the exit code it returns. */
export function action<A extends unknown[]>(context: Context, fn: (run: Run, ...args: A) => Promise<number | undefined>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const run = makeRun(context, globals, await streamStyles(globals.color !== false, context.env, context));
    context.log = run.log;
    context.exitCode = (await fn(run, ...(args.slice(0, -1) as A))) ?? 0;
  };
}

function makeRun(context: Context, globals: GlobalOptions, styles: StreamStyles): Run {
  const log = new Logger({ stream: context.stderr, quiet: globals.quiet === true, verbose: globals.verbose === true, style: styles.stderr });
  let settings: Promise<ResolvedSettings> | undefined;
  return {
    ...context,
    log,
    passwordOnStdin: globals.passwordStdin === true,
    stdoutStyle: styles.stdout,
    settings: (options = {}) => {
      settings ??= loadFor(context, globals, log, options.runPasswordCommand !== false);
      return settings;
    },
  };
}

/** Resolves the settings once per command: the password from stdin if asked, warnings said. */
async function loadFor(context: Context, globals: GlobalOptions, log: Logger, runPasswordCommand: boolean): Promise<ResolvedSettings> {
  const [{ loadSettings }, { readPassword }] = await Promise.all([import('../core/settings/load.js'), import('../core/settings/password-stdin.js')]);
  const flags = connectionFlags(globals);
  if (globals.passwordStdin) flags.password = await readPassword(context.stdin, globals.password !== undefined);
  const resolved = await loadSettings({
    flags,
    configPath: globals.config,
    env: context.env,
    dotenvKeys: context.dotenvKeys,
    cwd: context.cwd,
    runPasswordCommand,
  });
  const { connection } = resolved;
  for (const warning of resolved.warnings) log.warn(warning);
  if (connection.insecure && connection.protocol === 'amqps') {
    log.warn("--insecure: the broker's certificate is not checked, so anyone on the way could read and change the traffic");
  }
  return resolved;
}

export type { Context, Run };
