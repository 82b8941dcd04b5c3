import type { ResolvedSettings } from './settings/types.js';
import type { Style } from '../ui/style.js';
import type { Logger } from '../ui/log.js';

/** The process around a command: its streams and environment, given once by the entry point. */
export interface Context {
  env: Record<string, string | undefined>;
  /** Variables that came from the .env file rather than the caller's environment. */
  dotenvKeys: ReadonlySet<string>;
  cwd: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Set by the logger of the running command, so the entry point prints errors the same way. */
  log: Logger;
  exitCode: number;
  /** Ends the process at once; only for a second Ctrl-C. */
  exit: (code: number) => void;
}

/** What an action gets: the context, a logger, and settings on demand. */
export interface Run extends Context {
  /** The first line of stdin is the password (--password-stdin), not input. */
  passwordOnStdin: boolean;
  /** Styling for what goes to stdout (pretty output, table headers); plain when not a terminal. */
  stdoutStyle: Style;
  /** Resolves the settings (once). `runPasswordCommand: false` skips an rc passwordCommand, for display only. */
  settings(options?: { runPasswordCommand?: boolean }): Promise<ResolvedSettings>;
}
