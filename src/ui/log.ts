import { oneLine, showControls } from '../core/escape.js';
import type { Style } from './style.js';

export interface LogOptions {
  stream: NodeJS.WritableStream;
  quiet: boolean;
  verbose: boolean;
  style: Style;
}

/**
 * Everything meant for people goes through here, to stderr; stdout is only for data. Text given
 * to it often holds names from a user, a message or the broker, so every control character in it
 * is shown escaped (`\x1b`) before any style is added: no message can forget it, none can retitle
 * the terminal or ring its bell. A line (info, warn, error, hint) stays one line.
 */
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
    if (!this.quiet) this.emit(oneLine(message));
  }

  /** Something the user should know even with --quiet. */
  warn(message: string): void {
    this.emit(`${this.style.yellow('warning:')} ${oneLine(message)}`);
  }

  /** Details for --verbose only. */
  debug(message: string): void {
    if (this.verbose) this.emit(this.style.dim(oneLine(message)));
  }

  /** The one place errors are printed: a line, a hint, and the stack only with --verbose. */
  error(error: Error, hint?: string): void {
    this.emit(`${this.style.red('error:')} ${oneLine(error.message)}`);
    if (hint !== undefined) this.emit(`  ${this.style.dim(oneLine(hint))}`);
  }

  /** Text as it is, over several lines if it has them (a stack trace), its other controls escaped. */
  write(text: string): void {
    this.emit(showControls(text));
  }

  private emit(line: string): void {
    this.stream.write(`${line}\n`);
  }
}
