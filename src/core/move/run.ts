import type { Run } from '../context.js';
import { ExitCode, RuntimeError } from '../errors.js';
import { onStopSignal } from '../signals.js';
import { formatCount, formatRate } from '../../ui/format.js';
import { startProgress } from '../../ui/progress.js';
import { dryRun } from './dry-run.js';
import type { MovePlan } from './plan.js';
import { reportMove } from './report.js';
import { MoveSession } from './session.js';

/** `queue move`: moves (or, with --dry-run, shows) and reports; exit 0 only when all went. */
export async function runMove(run: Run, plan: MovePlan): Promise<number> {
  if (plan.dryRun) {
    const unrouted = await dryRun(run, plan);
    if (unrouted > 0)
      throw new RuntimeError(`${formatCount(unrouted)} of the messages name no queue to go back to`, {
        hint: 'Move those with a destination: mqcli queue move <source> <queue>',
      });
    return ExitCode.ok;
  }
  const session = new MoveSession(run, plan);
  const removeSignals = onStopSignal((reason) => session.interrupt(reason), run.exit);
  const started = Date.now();
  const progress = startProgress(run.stderr, run.log, run.env, () => progressLine(session.progress, Date.now() - started));
  try {
    const report = reportMove(await session.move());
    progress.stop();
    if (report.summary !== undefined) run.log.info(report.summary);
    if (report.error !== undefined) throw report.error;
    return report.exitCode;
  } finally {
    progress.stop();
    removeSignals();
  }
}

/** `[=====     ] 5,000 of 10,000  4,012 msg/s  ETA 2 s` */
function progressLine({ moved, depth }: { moved: number; depth: number }, elapsedMs: number): string {
  const total = Math.max(depth, moved, 1);
  const filled = Math.round((moved / total) * 20);
  const rate = elapsedMs > 0 ? (moved * 1000) / elapsedMs : 0;
  const eta = rate > 0 && depth > moved ? `  ETA ${Math.ceil((depth - moved) / rate)} s` : '';
  const bar = `[${'='.repeat(filled)}${' '.repeat(20 - filled)}]`;
  return `${bar} ${formatCount(moved)} of ${formatCount(depth)}${formatRate(moved, elapsedMs).replace(/[()]/g, '')}${eta}`;
}
