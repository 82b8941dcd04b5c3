import { type CliError, RuntimeError } from '../errors.js';
import type { StopReason } from '../signals.js';

/** Why consuming ended; each maps to an exit code. */
export type ConsumeEnd =
  | { kind: 'count' | 'idle' | 'drained' | 'output-closed' | 'peeked' }
  | { kind: 'signal'; reason: StopReason }
  | { kind: 'error'; error: CliError };

/** Ends after which what was handled is the reader's: held acks are sent. */
export function isNormalEnd(end: ConsumeEnd): boolean {
  return end.kind === 'count' || end.kind === 'idle' || end.kind === 'drained' || end.kind === 'peeked';
}

/** A reader that went away is the end of listening (exit 0); any other write error is a failure. */
export function outputEnd(error: NodeJS.ErrnoException): ConsumeEnd {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return { kind: 'output-closed' };
  return { kind: 'error', error: new RuntimeError(`cannot write to stdout: ${error.message}`, { cause: error }) };
}
