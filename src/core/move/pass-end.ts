import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { isConnectionGone } from '../broker/error-map.js';
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
  // A channel of its own for the emptiness checks: a failed check must not close the consumer's.
  let probe: Promise<Channel> | undefined;
  return new Promise<'done' | 'signal'>((resolve, reject) => {
    const check = (): void => {
      if (signal.aborted) resolve('signal');
      else if (mover.done || mover.refusal !== undefined) resolve('done');
      if (signal.aborted || mover.done || mover.refusal !== undefined || mover.pending > 0) return;
      probe ??= connection.channel();
      probe
        .then((channel) => channel.checkQueue(plan.source))
        .then(({ messageCount }) => {
          // Nothing ready is left; or the window is full of messages a redrive cannot route.
          if (messageCount === 0 || mover.unrouted >= plan.window) resolve('done');
        })
        .catch((error: unknown) => {
          // The connection went: the pass ends by the loss, not by this.
          if (!isConnectionGone(error)) reject(error);
        });
    };
    onWake(check);
    timer = setInterval(check, CHECK_EVERY_MS);
    signal.addEventListener('abort', check, { once: true });
    queueMicrotask(check);
  }).finally(() => {
    clearInterval(timer);
    probe?.then((channel) => channel.close()).catch(() => {});
  });
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
