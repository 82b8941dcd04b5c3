import type { BrokerConnection } from '../broker/connection.js';
import { isConnectionGone } from '../broker/error-map.js';
import { QueueDepth } from '../broker/queue-depth.js';
import type { Mover } from './mover.js';
import type { MovePlan } from './plan.js';

/** How often an idle move asks whether the source is empty. */
const CHECK_EVERY_MS = 100;

/** What one pass of a move is watched through. */
export interface PassWatch {
  connection: BrokerConnection;
  mover: Mover;
  plan: MovePlan;
  /** Aborts at a signal. */
  signal: AbortSignal;
  /** Takes the check to run whenever the mover changes. */
  onWake: (wake: () => void) => void;
}

/** Resolves when the pass should stop: --count, a refusal, a signal, or an empty source. */
export function untilDone({ connection, mover, plan, signal, onWake }: PassWatch): Promise<'done' | 'signal'> {
  let timer: NodeJS.Timeout | undefined;
  // A channel of its own for the emptiness checks, so a failed check cannot close the consumer's;
  // and a quorum queue electing a leader, which says it is empty, is not believed at once.
  const depth = new QueueDepth(() => connection, plan.source);
  let asking = false;
  return new Promise<'done' | 'signal'>((resolve, reject) => {
    const check = (): void => {
      if (signal.aborted) resolve('signal');
      // Done, refused; or the window is full of messages a redrive cannot route.
      else if (mover.done || mover.refusal !== undefined || mover.held >= plan.window) resolve('done');
      if (signal.aborted || mover.done || mover.refusal !== undefined || mover.pending > 0 || asking) return;
      asking = true;
      depth
        .seemsEmpty()
        .then((empty) => {
          if (empty) resolve('done');
        })
        .catch((error: unknown) => {
          // The connection went: the pass ends by the loss, not by this.
          if (!isConnectionGone(error)) reject(error);
        })
        .finally(() => {
          asking = false;
        });
    };
    onWake(check);
    timer = setInterval(check, CHECK_EVERY_MS);
    signal.addEventListener('abort', check, { once: true });
    queueMicrotask(check);
  }).finally(() => clearInterval(timer));
}

/** Resolves once nothing the pass published waits for a confirm. */
export function settled({ mover, onWake }: PassWatch): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (mover.pending === 0) resolve();
    };
    onWake(check);
    check();
  });
}
