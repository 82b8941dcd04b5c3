import { BrokerError, type CliError, RuntimeError } from '../errors.js';
import type { StopReason } from '../signals.js';
import type { ListenerEnd } from './listener.js';

/** Why listening ended; each maps to an exit code. */
export type ListenEnd =
  | { kind: 'count' | 'idle' | 'drained' | 'output-closed' | 'peeked' }
  | { kind: 'signal'; reason: StopReason }
  | { kind: 'error'; error: CliError };

/** What the listener's own reasons to stop mean for the session. */
export function listenerEnd(end: ListenerEnd, source: string): ListenEnd {
  if (end.kind === 'cancelled')
    return { kind: 'error', error: new BrokerError(`the broker cancelled the consumer: ${source} was deleted or is no longer available`) };
  if (end.kind === 'failed') return { kind: 'error', error: new BrokerError(`could not write a message: ${end.error.message}`, { cause: end.error }) };
  if (end.kind === 'output-failed') return outputEnd(end.error);
  return end;
}

/** A reader that went away is the end of listening (exit 0); any other write error is a failure. */
export function outputEnd(error: NodeJS.ErrnoException): ListenEnd {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return { kind: 'output-closed' };
  return { kind: 'error', error: new RuntimeError(`cannot write to stdout: ${error.message}`, { cause: error }) };
}
