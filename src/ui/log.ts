import type { Style } from './style.js';

export interface LogOptions {
  stream: NodeJS.WritableStream;
  quiet: boolean;
  verbose: boolean;
  style: Style;
}

/** Everything meant for people goes through here, to stderr; stdout is only for data. */
export class Logger {
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly style: Style;
  private readonly stream: NodeJS.WritableStream;

  constructor(options: LogOptions) {
    this.stream = options.stream;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    this.style = options.style;
  }

  /** Summaries and notes ("created queue 'x'"); --quiet silences them. */
  info(message: string): void {
    if (!this.quiet) this.write(message);
  }

  /** Something the user should know even with --quiet. */
  warn(message: string): void {
    this.write(`${this.style.yellow('warning:')} ${message}`);
  }

  /** Details for --verbose only. */
  debug(message: string): void {
    if (this.verbose) this.write(this.style.dim(message));
  }

  /** The one place errors are printed: a line, a hint, and the stack only with --verbose. */
  error(error: Error, hint?: string): void {
    this.write(`${this.style.red('error:')} ${error.message}`);
    if (hint !== undefined) this.write(`  ${this.style.dim(hint)}`);
  }

  write(line: string): void {
    this.stream.write(`${line}\n`);
  }
}
