import type { Command } from 'commander';
import { supportsColor, supportsColorStderr } from 'chalk';
import type { Context, Run } from '../core/context.js';
import type { ResolvedSettings } from '../core/settings/types.js';
import { colorLevel, type ColorLevel } from '../ui/color.js';
import { Logger } from '../ui/log.js';
import { connectionFlags, type GlobalOptions } from './global-options.js';

const level = (support: typeof supportsColor): ColorLevel => (support === false ? 0 : support.level);

/** Wraps an action: builds its Run from the command's options, and records the exit code it returns. */
export function action<A extends unknown[]>(context: Context, fn: (run: Run, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const run = makeRun(context, globals);
    context.log = run.log;
    context.exitCode = (await fn(run, ...(args.slice(0, -1) as A))) ?? 0;
  };
}

function makeRun(context: Context, globals: GlobalOptions): Run {
  const color = (isTTY: boolean, supported: ColorLevel) => colorLevel({ flag: globals.color, env: context.env, isTTY, supported });
  const log = new Logger({
    stream: context.stderr,
    quiet: globals.quiet === true,
    verbose: globals.verbose === true,
    color: color(context.stderr.isTTY === true, level(supportsColorStderr)),
  });
  let settings: Promise<ResolvedSettings> | undefined;
  return {
    ...context,
    log,
    globals,
    stdoutColor: color(context.stdout.isTTY === true, level(supportsColor)),
    settings: () => {
      settings ??= import('../core/settings/load.js').then(({ loadSettings }) =>
        loadSettings({ flags: connectionFlags(globals), configPath: globals.config, env: context.env, dotenvKeys: context.dotenvKeys, cwd: context.cwd }),
      );
      settings
        .then(({ connection, sources }) => {
          // The default password (guest) is no secret, and hiding it would hide the user name too.
          if (sources.password.kind !== 'default') context.secrets.add(connection.password);
        })
        .catch(() => {});
      return settings;
    },
  };
}

export type { Context, Run };
