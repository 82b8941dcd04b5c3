import { Command } from 'commander';
import type { RestoreFlags } from '../../core/dump/plan.js';
import { ExitCode } from '../../core/errors.js';
import { SIGNAL_EXIT } from '../../core/signals.js';
import { formatCount, formatDuration, formatRate, plural } from '../../ui/format.js';
import { COUNT, integer } from '../parsers.js';
import { action, type Context } from '../runtime.js';

/** `mqcli queue restore <file> [queue]`: publish a dump's messages again, with confirms. */
export function restoreCommand(context: Context): Command {
  return new Command('restore')
    .description("publish the messages of a queue dump with confirms, declaring the queue from the dump's header when it is missing")
    .argument('<file>', 'a file written by mqcli queue dump (gzip or not); refused when its checksum fails')
    .argument('[queue]', "queue to restore to (default: the dump's own)")
    .option('--rate <n>', 'publish at most n messages per second', integer(COUNT))
    .option('--resume', 'publish only what an earlier restore of this file did not have confirmed (<file>.restore-state)')
    .addHelpText(
      'after',
      `
Examples:
  mqcli queue restore jobs.jsonl.gz                into queue jobs, as dumped
  mqcli queue restore jobs.jsonl.gz jobs.replay --rate 100
  mqcli queue restore jobs.jsonl.gz --resume       after a restore was cut short`,
    )
    .action(
      action(context, async (run, file: string, queue: string | undefined, flags: RestoreFlags) => {
        const { planRestore } = await import('../../core/dump/plan.js');
        const plan = planRestore(file, queue, flags);
        const { runRestore } = await import('../../core/dump/restore.js');
        const outcome = await runRestore(run, plan);
        const skipped = outcome.skipped > 0 ? ` (${formatCount(outcome.skipped)} confirmed before, skipped)` : '';
        const time = `${formatDuration(outcome.elapsedMs)}${formatRate(outcome.published, outcome.elapsedMs)}`;
        run.log.info(`published ${plural(outcome.published, 'message')} to queue '${outcome.queue}', confirmed, in ${time}${skipped}`);
        return outcome.interrupted === undefined ? ExitCode.ok : SIGNAL_EXIT[outcome.interrupted];
      }),
    );
}
