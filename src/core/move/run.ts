import type { Run } from '../context.js';
import { onStopSignal } from '../signals.js';
import { formatCount, formatRate } from '../../ui/format.js';
import { startProgress } from '../../ui/progress.js';
import type { MovePlan } from './plan.js';
import { type MoveOutcome, MoveSession } from './session.js';

/** `queue move`: moves with a progress bar on a terminal; returns what it did, for the summary. */
export async function runMove(run: Run, plan: MovePlan): Promise<MoveOutcome> {
  const session = new MoveSession(run, plan);
  const removeSignals = onStopSignal((reason) => session.interrupt(reason), run.exit);
  const started = Date.now();
  const progress = startProgress(run.stderr, run.log, run.env, () => progressLine(session.progress, Date.now() - started));
  try {
    return await session.move();
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
