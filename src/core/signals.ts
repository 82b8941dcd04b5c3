import { ExitCode } from './errors.js';

export type StopReason = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT: Record<StopReason, number> = { SIGINT: ExitCode.sigint, SIGTERM: ExitCode.sigterm };

/**
 * Calls `onStop` on the first Ctrl-C or SIGTERM, so the command can finish cleanly; a second
 * signal means "now": `lastWords` may say one line of where things stand, then `exit` is called
 * at once (the broker requeues whatever was unacked). Returns a function that removes the handlers.
 */
export function onStopSignal(onStop: (reason: StopReason) => void, exit: (code: number) => void, lastWords?: (reason: StopReason) => void): () => void {
  let first: StopReason | undefined;
  const handle = (reason: StopReason) => () => {
    if (first !== undefined) {
      try {
        lastWords?.(reason);
      } finally {
        exit(SIGNAL_EXIT[reason]);
      }
      return;
    }
    first = reason;
    onStop(reason);
  };
  const sigint = handle('SIGINT');
  const sigterm = handle('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  return () => {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
  };
}

/** Resolves once `signal` aborts (at once when it already has). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
