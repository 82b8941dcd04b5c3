import type { Run } from '../context.js';
import { ExitCode } from '../errors.js';
import { onStopSignal, SIGNAL_EXIT } from '../signals.js';
import { formatDuration, formatRate, plural } from '../../ui/format.js';
import type { ListenPlan } from './plan.js';
import { ListenSession, type ListenSummary } from './session.js';

/** `listen`: consumes (or peeks) until a stop condition, acking each message once it can have been read. */
export async function runListen(run: Run, plan: ListenPlan): Promise<number> {
  const session = new ListenSession(run, plan);
  const removeSignals = onStopSignal((reason) => session.end({ kind: 'signal', reason }), run.exit);
  const end = await session.listen();
  removeSignals();
  await session.close(end);
  const summary = session.summary();
  if (summary.listened) run.log.info(summaryLine(summary));
  if (end.kind === 'error') throw end.error;
  if (end.kind === 'signal') return SIGNAL_EXIT[end.reason];
  return ExitCode.ok;
}

function summaryLine({ taken, peeked, source, elapsedMs }: ListenSummary): string {
  const kept = peeked ? ' (left in the queue)' : '';
  return `received ${plural(taken, 'message')}${kept} from ${source} in ${formatDuration(elapsedMs)}${formatRate(taken, elapsedMs)}`;
}
