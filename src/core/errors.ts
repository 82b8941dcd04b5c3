/** Exit codes, documented in README. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  sigint: 130,
  sigterm: 143,
} as const;

interface ErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * The one error family. The entry point prints `message` (and `hint`) as one or two lines on
 * stderr and exits with `exitCode`; anything that is not a CliError is a bug and shows its stack.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: number, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad command-line usage: a missing argument, a flag that makes no sense here. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** Bad settings: an rc file, an environment variable, a profile. Exit 2. */
export class ConfigError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** The broker or the network said no. Exit 1. `code` is the AMQP reply code when there is one. */
export class BrokerError extends CliError {
  readonly code: number | undefined;

  constructor(message: string, options: ErrorOptions & { code?: number | undefined } = {}) {
    super(message, ExitCode.failure, options);
    this.code = options.code;
  }
}

/** Work that started but could not be finished (unroutable or unconfirmed messages…). Exit 1. */
export class RuntimeError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.failure, options);
  }
}
