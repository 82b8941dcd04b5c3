import type { Run } from '../../core/context.js';
import { ExitCode, RuntimeError } from '../../core/errors.js';
import type { MoveOutcome } from '../../core/move/session.js';
import { SIGNAL_EXIT } from '../../core/signals.js';
import { formatCount, formatDuration, formatRate, plural } from '../../ui/format.js';

/** Says how a copy went and returns its exit code: 0 only when every message was copied and confirmed. */
export function presentCopy(run: Run, outcome: MoveOutcome): number {
  const { moved: copied, source, refusal } = outcome;
  const kept = `queue '${source}' keeps every message`;
  const done = `${plural(copied, 'message')} copied and confirmed; ${kept}`;
  if (outcome.failure !== undefined) throw new RuntimeError(`${outcome.failure.message}; ${done}`, { hint: outcome.failure.hint, cause: outcome.failure });
  if (refusal !== undefined) {
    const which = refusal.index > 0 ? `message ${formatCount(refusal.index)} was refused: ${refusal.reason}` : refusal.reason;
    throw new RuntimeError(`the copy stopped: ${which}; ${done}`, { hint: 'Fix the destination and copy again (what was copied is there already)' });
  }
  if (outcome.windowFull === true) {
    throw new RuntimeError(
      `the copy stopped after ${formatCount(copied)} messages: a copy holds every message unacked until it ends, and AMQP allows 65,535; ${kept}`,
      {
        hint: 'Copy in parts with --where, or move instead',
      },
    );
  }
  const unmatched = outcome.unmatched ?? 0;
  const stay = unmatched > 0 ? ` (${formatCount(unmatched)} that --where does not match were not copied)` : '';
  const where = [...outcome.routes].map(([route, count]) => (outcome.routes.size === 1 ? route : `${route}: ${formatCount(count)}`)).join(', ');
  const time = `${formatDuration(outcome.elapsedMs)}${formatRate(copied, outcome.elapsedMs)}`;
  const summary =
    copied === 0
      ? `nothing to copy from queue '${source}'${stay}`
      : `copied ${plural(copied, 'message')} from queue '${source}' to ${where} in ${time}${stay}; ${kept}`;
  run.log.info(outcome.interrupted === undefined ? summary : `interrupted (${outcome.interrupted}): ${summary}`);
  return outcome.interrupted === undefined ? ExitCode.ok : SIGNAL_EXIT[outcome.interrupted];
}
