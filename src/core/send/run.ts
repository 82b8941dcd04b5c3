import type { Run } from '../context.js';
import { ExitCode } from '../errors.js';
import { onStopSignal } from '../signals.js';
import type { SendPlan } from './plan.js';
import { reportSend } from './report.js';
import { SendSession } from './session.js';

/** `send`: publishes the input, waits for every confirm, and reports how it went. */
export async function runSend(run: Run, plan: SendPlan): Promise<number> {
  const session = new SendSession(run, plan);
  // A second signal exits at once, after one line of counts: the moment the user most needs them.
  const removeSignals = onStopSignal(
    (reason) => session.interrupt(reason),
    run.exit,
    () => run.log.write(session.whereItStands()),
  );
  let outcome: Awaited<ReturnType<SendSession['send']>>;
  try {
    outcome = await session.send();
  } finally {
    removeSignals();
  }
  if (outcome === undefined) {
    run.log.info('nothing to send: the input held no messages');
    return ExitCode.ok;
  }
  const report = reportSend(outcome);
  if (report.summary !== undefined) run.log.info(report.summary);
  if (report.error !== undefined) throw report.error;
  return report.exitCode;
}
