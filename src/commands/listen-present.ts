import type { ConsumeEnd } from '../core/consumer/end.js';
import { ExitCode } from '../core/errors.js';
import type { ExecOutcome } from '../core/exec/run-exec.js';
import type { ListenOutcome } from '../core/listen/run-listen.js';
import { SIGNAL_EXIT } from '../core/signals.js';
import { formatCount, formatDuration, formatRate, plural } from '../ui/format.js';

/** Why messages went back to the queue, by how listening ended. */
const WHY_BACK: Partial<Record<ConsumeEnd['kind'], string>> = {
  'output-closed': 'the reader stopped before it could have read them',
  signal: 'interrupted before the reader could have read them',
  error: 'not acked when listening failed',
};

/**
 * listen's summary for stderr: what was written, and what went back to the queue, e.g.
 * `wrote 50 messages from queue 'hq' in 1 s; 47 went back to the queue (the reader stopped…)`.
 */
export function listenSummary(outcome: ListenOutcome): string {
  const { written, returned, source, elapsedMs } = outcome;
  const wrote = `wrote ${plural(written, 'message')} from ${source} in ${formatDuration(elapsedMs)}${formatRate(written, elapsedMs)}`;
  if (outcome.peeked) return `${wrote}, leaving ${written === 1 ? 'it' : 'them'} in the queue`;
  if (returned === 0) return wrote;
  const why = WHY_BACK[outcome.end.kind] ?? 'delivered but not written';
  return `${wrote}; ${formatCount(returned)} went back to the queue (${why})`;
}

/** The exit code a consume run ends with; a failure is thrown, after the summary. */
export function consumeExit(end: ConsumeEnd): number {
  if (end.kind === 'error') throw end.error;
  if (end.kind === 'signal') return SIGNAL_EXIT[end.reason];
  return ExitCode.ok;
}

/**
 * listen --exec's summary for stderr: what the commands did, what was settled again without
 * running its command (an ack lost with a connection), and what went back to the queue unrun.
 */
export function execSummary(outcome: ExecOutcome, reply: boolean): string {
  const { ran, succeeded, failed, requeued, rejected, noReply, resettled, returned, elapsedMs } = outcome;
  const parts = [
    `${formatCount(succeeded)} succeeded`,
    `${formatCount(failed)} failed`,
    `${formatCount(requeued)} requeued`,
    `${formatCount(rejected)} rejected`,
  ];
  if (reply && noReply > 0) parts.push(`${formatCount(noReply)} without reply-to`);
  const rate = ran * 1000 >= elapsedMs ? formatRate(ran, elapsedMs) : '';
  let line = `ran ${plural(ran, 'command')} on queue '${outcome.queue}' in ${formatDuration(elapsedMs)}${rate}: ${parts.join(', ')}`;
  if (resettled > 0)
    line += `; ${plural(resettled, 'redelivered message')} settled again without running ${resettled === 1 ? 'its command' : 'their commands'}`;
  if (returned > 0) line += `; ${formatCount(returned)} not run went back to the queue`;
  return line;
}
