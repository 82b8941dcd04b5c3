import type { Run } from '../context.js';
import { onStopSignal } from '../signals.js';
import type { SendOutcome } from './outcome.js';
import type { SendPlan } from './plan.js';
import type { PublishStats } from './publisher.js';
import { SendSession } from './session.js';

/**
 * `send`: publishes the input and waits for every confirm; returns how it went, undefined when the
 * input held no message. `lastWords` is the line a second signal leaves before the process exits.
 */
export async function runSend(run: Run, plan: SendPlan, lastWords: (stats: PublishStats | undefined) => string): Promise<SendOutcome | undefined> {
  const session = new SendSession(run, plan);
  // A second signal exits at once, after one line of counts: the moment the user most needs them.
  const removeSignals = onStopSignal(
    (reason) => session.interrupt(reason),
    run.exit,
    () => run.log.write(lastWords(session.whereItStands())),
  );
  try {
    return await session.send();
  } finally {
    removeSignals();
  }
}
