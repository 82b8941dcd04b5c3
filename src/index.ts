import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import type { Context } from './commands/runtime.js';
import { CliError, ExitCode } from './core/errors.js';
import { redact } from './core/redact.js';
import { loadDotenv } from './core/settings/dotenv.js';
import { version } from './core/version.js';
import { Logger } from './ui/log.js';
import { plain } from './ui/style.js';

/** The bin's entry: runs the command line, flushes stdout, exits with the command's code. */
export async function run(argv: string[]): Promise<void> {
  const context: Context = {
    env: process.env,
    dotenvKeys: new Set(),
    cwd: process.cwd(),
    // Made when first read (a command's Run copies it): a few ms that --help, --version and the
    // completion asked for at each tab press (__complete) need not pay.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    // Before commander has parsed anything, errors need to know whether to show a stack.
    log: new Logger({ stream: process.stderr, quiet: false, verbose: argv.includes('--verbose') || argv.includes('-v'), style: plain }),
    exitCode: 0,
    exit: (code) => process.exit(code),
  };
  // A reader that went away (`mqcli … | head`, `2>&1 | head`) is not an error of ours; commands
  // that stream watch stdout for it themselves.
  context.stdout.on('error', () => {});
  context.stderr.on('error', () => {});
  const code = await main(argv, context);
  // After a signal, a reader that never reads must not hold us: what Node still has for stdout
  // belongs to messages that were not acked, and are back in their queue.
  if (code !== ExitCode.sigint && code !== ExitCode.sigterm) await Promise.all([flushed(context.stdout), flushed(context.stderr)]);
  process.exit(code);
}

/** Parses and runs; the only place errors are caught, turned into a message and an exit code. */
export async function main(argv: string[], context: Context): Promise<number> {
  try {
    context.dotenvKeys = loadDotenv(context.cwd, context.env);
    await buildProgram(context).parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    return report(error, context);
  }
}

function report(error: unknown, context: Context): number {
  const { log } = context;
  if (error instanceof CommanderError) {
    // Commander has printed its message already. Help that was asked for (--help, `help`,
    // --version) exits 0; help shown because a command was missing is a usage error.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    log.error(new Error(redact(error.message)), error.hint === undefined ? undefined : redact(error.hint));
    if (log.verbose) log.write(redact(stackOf(error)));
    return error.exitCode;
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  log.error(new Error(redact(`unexpected failure: ${bug.message}`)), bugReportHint(log.verbose));
  if (log.verbose) log.write(redact(stackOf(bug)));
  return ExitCode.failure;
}

/** What a bug report needs, said where the bug shows: the versions, the command, the --verbose output. */
function bugReportHint(verbose: boolean): string {
  const output = verbose ? 'the output below' : 'its output with --verbose';
  // One line: the logger keeps a hint on one line, whatever it holds.
  return `This is a bug in mqcli. Please report it with mqcli ${version()}, Node ${process.version}, the command you ran (leave out any password) and ${output}.`;
}

function stackOf(error: Error): string {
  const lines = [error.stack ?? String(error)];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) lines.push(`caused by: ${cause.stack ?? cause.message}`);
  return lines.join('\n');
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}
