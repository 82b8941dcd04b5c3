import type { Run } from '../core/context.js';
import { type CliError, ExitCode, RuntimeError, UsageError } from '../core/errors.js';
import { SIGNAL_EXIT } from '../core/signals.js';
import type { SendOutcome } from '../core/send/outcome.js';
import type { PublishStats } from '../core/send/publisher.js';
import { formatCount, formatDuration, formatRate, plural } from '../ui/format.js';

/** Says how a send went (undefined: the input held no message) and returns its exit code; a failure is thrown. */
export function presentSend(run: Run, outcome: SendOutcome | undefined): number {
  if (outcome === undefined) {
    run.log.info('nothing to send: the input held no messages');
    return ExitCode.ok;
  }
  const report = reportSend(outcome);
  if (report.summary !== undefined) run.log.info(report.summary);
  if (report.error !== undefined) throw report.error;
  return report.exitCode;
}

export interface SendReport {
  exitCode: number;
  /** The stderr summary, when the send ended without an error. */
  summary?: string;
  error?: CliError;
}

/** Decides the exit code and the words for how a send went; exit 0 only when all was confirmed. */
export function reportSend(outcome: SendOutcome): SendReport {
  const { stats, confirm } = outcome;
  // Lost with the channel, or still out when a Ctrl-C's wait ended: either way, not confirmed.
  const unconfirmed = confirm ? stats.published - stats.confirmed - stats.nacked : 0;
  const counts = confirm
    ? `${formatCount(stats.published)} sent, ${formatCount(stats.confirmed - stats.returned)} confirmed` +
      `${stats.returned > 0 ? `, ${formatCount(stats.returned)} unroutable` : ''}, ${formatCount(stats.nacked)} nacked, ` +
      `${formatCount(unconfirmed)} unconfirmed${republished(stats)}`
    : `${formatCount(stats.published)} sent without confirms`;

  if (outcome.failure instanceof UsageError) {
    const sent = stats.published === 0 ? 'nothing was sent' : `before it: ${counts}`;
    return fail(new UsageError(`${outcome.failure.message}; ${sent}`, { hint: outcome.failure.hint, cause: outcome.failure }));
  }
  if (outcome.failure !== undefined) {
    const { message, hint } = outcome.failure;
    return fail(new RuntimeError(`${message}; ${counts}`, { hint, cause: outcome.failure }));
  }
  if (outcome.interrupted !== undefined) {
    return { exitCode: SIGNAL_EXIT[outcome.interrupted], summary: `interrupted (${outcome.interrupted}): ${counts}` };
  }
  if (stats.nacked > 0 || unconfirmed > 0) {
    return fail(
      new RuntimeError(`the broker did not confirm every message: ${counts}`, {
        hint: 'Unconfirmed or nacked messages may not have been stored; send them again',
      }),
    );
  }
  if (stats.returned > 0) {
    return fail(
      new RuntimeError(
        `${formatCount(stats.returned)} of ${plural(stats.published, 'message')} ${stats.returned === 1 ? 'was' : 'were'} unroutable ` +
          `(${stats.returnReason ?? 'NO_ROUTE'}): nothing took them at ${outcome.destination}`,
        {
          hint: 'Declare and bind a queue first (mqcli queue declare), or send to an existing queue',
        },
      ),
    );
  }
  if (stats.published === 0) return { exitCode: ExitCode.ok, summary: 'nothing to send: the input held no messages' };
  const time = `${formatDuration(outcome.elapsedMs)}${formatRate(stats.published, outcome.elapsedMs)}`;
  const state = confirm ? (stats.published === 1 ? 'confirmed' : 'all confirmed') : 'not confirmed (--no-confirm)';
  return { exitCode: ExitCode.ok, summary: `sent ${plural(stats.published, 'message')} to ${outcome.destination} in ${time}, ${state}${republished(stats)}` };
}

/** "; 120 republished after a reconnect (may be duplicated)", "…and 80 after a nack…", or nothing. */
function republished({ republished, retried }: PublishStats): string {
  const nack = `${formatCount(retried)} ${republished > 0 ? '' : 'published again '}after a nack`;
  if (republished > 0) return `; ${formatCount(republished)} republished after a reconnect${retried > 0 ? ` and ${nack}` : ''} (may be duplicated)`;
  return retried > 0 ? `; ${nack} (may be duplicated)` : '';
}

function fail(error: CliError): SendReport {
  return { exitCode: error.exitCode, error };
}

/** The one line a second Ctrl-C leaves: what was sent and what the broker confirmed by then. */
export function interruptedLine(stats: PublishStats | undefined, confirm: boolean): string {
  if (stats === undefined) return 'interrupted: nothing sent';
  if (!confirm) return `interrupted: ${formatCount(stats.published)} sent without confirms`;
  const confirmed = stats.confirmed - stats.returned;
  const unconfirmed = stats.published - stats.confirmed - stats.nacked;
  const extra = `${stats.returned > 0 ? `, ${formatCount(stats.returned)} unroutable` : ''}${stats.nacked > 0 ? `, ${formatCount(stats.nacked)} nacked` : ''}`;
  return `interrupted: ${formatCount(stats.published)} sent, ${formatCount(confirmed)} confirmed${extra}, ${formatCount(unconfirmed)} unconfirmed`;
}
