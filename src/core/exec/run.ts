import type { Run } from '../context.js';
import { ExitCode, RuntimeError } from '../errors.js';
import { onStopSignal, SIGNAL_EXIT } from '../signals.js';
import { formatCount, formatDuration, formatRate, plural } from '../../ui/format.js';
import type { ExecPlan } from './plan.js';
import { ExecSession, type ExecSummary } from './session.js';

/** `listen --exec`: a command per message until a stop condition; a failure under --on-error stop exits 1. */
export async function runExec(run: Run, plan: ExecPlan): Promise<number> {
  const session = new ExecSession(run, plan, await ExecSession.baseEnvironment(run));
  // A second Ctrl-C kills the running commands at once; their messages go back to the queue.
  const removeSignals = onStopSignal(
    (reason) => session.end({ kind: 'signal', reason }),
    run.exit,
    () => session.killNow(),
  );
  const end = await session.listen();
  await session.close(end);
  removeSignals();
  const summary = session.summary();
  if (summary.listened) run.log.info(summaryLine(summary, plan.reply));
  if (end.kind === 'error') throw end.error;
  if (end.kind === 'failed') {
    throw new RuntimeError(`the command failed on ${end.failure.message} (${end.failure.how}); the message is back in queue '${plan.queue}'`, {
      hint: 'Fix the command and listen again, or choose what failures do with --on-error requeue|reject',
    });
  }
  if (end.kind === 'signal') return SIGNAL_EXIT[end.reason];
  return ExitCode.ok;
}

function summaryLine(summary: ExecSummary, reply: boolean): string {
  const { ran: done, succeeded, failed, requeued, rejected, noReply, elapsedMs } = summary;
  const parts = [
    `${formatCount(succeeded)} succeeded`,
    `${formatCount(failed)} failed`,
    `${formatCount(requeued)} requeued`,
    `${formatCount(rejected)} rejected`,
  ];
  if (reply && noReply > 0) parts.push(`${formatCount(noReply)} without reply-to`);
  return `ran ${plural(done, 'command')} on queue '${summary.queue}' in ${formatDuration(elapsedMs)}${done * 1000 >= elapsedMs ? formatRate(done, elapsedMs) : ''}: ${parts.join(', ')}`;
}
