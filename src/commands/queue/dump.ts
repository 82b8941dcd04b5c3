import { Command } from 'commander';
import type { DumpFlags } from '../../core/dump/plan.js';
import { ExitCode } from '../../core/errors.js';
import { SIGNAL_EXIT } from '../../core/signals.js';
import { formatDuration, plural } from '../../ui/format.js';
import { action, type Context } from '../runtime.js';

/** `mqcli queue dump <queue> [file]`: back up a queue's messages to a file, leaving them (or, with --take, taking them). */
export function dumpCommand(context: Context): Command {
  return new Command('dump')
    .description("write a queue's messages to a file as listen --json envelopes, with a header and a checksum; the queue keeps them")
    .argument('[queue]', 'queue to dump (default: $QUEUE_NAME)')
    .argument('[file]', 'file to write (default: <queue>.jsonl; gzip when it ends in .gz); never overwritten')
    .option('--take', 'remove each message from the queue, once the file holds it on disk (fsync)')
    .option('--where <expression>', 'dump only messages this JMESPath expression matches (see the README)')
    .addHelpText(
      'after',
      `
Examples:
  mqcli queue dump jobs jobs.jsonl.gz          a copy of jobs, jobs unchanged
  mqcli queue dump jobs.dlq --take             empty jobs.dlq into jobs.dlq.jsonl
  mqcli queue restore jobs.jsonl.gz            publish them again`,
    )
    .action(
      action(context, async (run, queue: string | undefined, file: string | undefined, flags: DumpFlags) => {
        const { planDump } = await import('../../core/dump/plan.js');
        const plan = planDump(queue, file, flags, run.env);
        const { runDump } = await import('../../core/dump/dump.js');
        const outcome = await runDump(run, plan);
        const kept = plan.take ? `taken from queue '${outcome.queue}'` : `left in queue '${outcome.queue}'`;
        run.log.info(`wrote ${plural(outcome.written, 'message')} to ${outcome.file} in ${formatDuration(outcome.elapsedMs)}, ${kept}`);
        return outcome.interrupted === undefined ? ExitCode.ok : SIGNAL_EXIT[outcome.interrupted];
      }),
    );
}
