import type { Run } from '../../core/context.js';
import { ExitCode, RuntimeError } from '../../core/errors.js';
import type { DryRunOutcome } from '../../core/move/dry-run.js';
import type { MoveOutcome } from '../../core/move/session.js';
import { SIGNAL_EXIT } from '../../core/signals.js';
import { formatCount, formatDuration, formatRate, plural } from '../../ui/format.js';

/** Says how a move went and returns its exit code; a failure is thrown. */
export function presentMove(run: Run, outcome: MoveOutcome): number {
  const report = reportMove(outcome);
  if (report.summary !== undefined) run.log.info(report.summary);
  if (report.error !== undefined) throw report.error;
  return report.exitCode;
}

/** Says what a dry run would move; exit 1 when some messages name no queue to go back to. */
export function presentDryRun(run: Run, { source, seen, unrouted }: DryRunOutcome): number {
  const stays = unrouted > 0 ? `; ${formatCount(unrouted)} name no origin and would stay` : '';
  run.log.info(`would move ${plural(seen - unrouted, 'message')} from queue '${source}'${stays}; nothing was moved`);
  if (unrouted > 0) {
    throw new RuntimeError(`${formatCount(unrouted)} of the messages name no queue to go back to`, {
      hint: 'Move those with a destination: mqcli queue move <source> <queue>',
    });
  }
  return ExitCode.ok;
}

export interface MoveReport {
  exitCode: number;
  summary?: string;
  error?: RuntimeError;
}

/** Exit 0 only when everything taken was moved and nothing was left for want of a route. */
export function reportMove(outcome: MoveOutcome): MoveReport {
  const { moved, source, refusal, unrouted } = outcome;
  const again = outcome.again > 0 ? `; ${formatCount(outcome.again)} moved again after a failover (may be duplicated)` : '';
  const done = `${plural(moved, 'message')} moved${again}`;
  const rest = `the rest stays in queue '${source}'`;
  if (outcome.failure !== undefined) {
    // Before the first message (a missing source, say) there is nothing to account for.
    const counts = moved === 0 && outcome.depth === 0 ? '' : `; ${done}, ${rest}`;
    return fail(new RuntimeError(`${outcome.failure.message}${counts}`, { hint: outcome.failure.hint, cause: outcome.failure }));
  }
  if (refusal !== undefined && refusal.index === 0) {
    // Index 0: the source went away (deleted, its channel closed), not a message refused by the destination.
    return fail(
      new RuntimeError(`the move stopped: ${refusal.reason}; ${done}`, {
        hint: `What was not moved is still in queue '${source}' if that queue still exists (mqcli queue info ${source})`,
      }),
    );
  }
  if (refusal !== undefined) {
    const which = refusal.index > 0 ? `message ${formatCount(refusal.index)} was refused: ${refusal.reason}` : refusal.reason;
    return fail(
      new RuntimeError(`the move stopped: ${which}; ${done}, ${rest}`, {
        hint: 'That message and everything after it were not moved; fix the destination and run the move again',
      }),
    );
  }
  if (unrouted > 0) {
    return fail(
      new RuntimeError(
        `${plural(unrouted, 'message')} name${unrouted === 1 ? 's' : ''} no queue to go back to ` +
          `(no x-death or x-first-death-queue header) and stay in queue '${source}'; ${done}`,
        {
          hint: 'Move those with a destination: mqcli queue move <source> <queue>',
        },
      ),
    );
  }
  const unmatched = outcome.unmatched ?? 0;
  if (unmatched > 0 && outcome.windowFull === true) {
    return fail(
      new RuntimeError(
        `the move stopped: ${formatCount(unmatched)} messages that --where does not match fill the window, and those behind them were not looked at; ${done}`,
        {
          hint: `They stay in queue '${source}' in their order; move or drop them, then run the move again`,
        },
      ),
    );
  }
  const time = `${formatDuration(outcome.elapsedMs)}${formatRate(moved, outcome.elapsedMs)}`;
  const where = [...outcome.routes].map(([route, count]) => (outcome.routes.size === 1 ? route : `${route}: ${formatCount(count)}`)).join(', ');
  const stay = unmatched > 0 ? `; ${formatCount(unmatched)} that --where does not match stay in queue '${source}'` : '';
  const nothing = unmatched > 0 ? 'nothing to move: --where matches none of the messages' : `nothing to move: queue '${source}' is empty`;
  const summary = (moved === 0 ? nothing : `moved ${plural(moved, 'message')} from queue '${source}' to ${where} in ${time}${again}`) + stay;
  if (outcome.interrupted !== undefined)
    return { exitCode: SIGNAL_EXIT[outcome.interrupted], summary: `interrupted (${outcome.interrupted}): ${summary}; ${rest}` };
  return { exitCode: ExitCode.ok, summary };
}

function fail(error: RuntimeError): MoveReport {
  return { exitCode: error.exitCode, error };
}
