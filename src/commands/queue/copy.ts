import { Command } from 'commander';
import type { MoveFlags } from '../../core/move/plan.js';
import { COUNT, integer } from '../parsers.js';
import { action, type Context } from '../runtime.js';

/**
 * `mqcli queue copy <source> <destination>`: queue move's engine with acks left out. Each copy is
 * confirmed by the destination before the source's message is let go (unacked, back in place).
 */
export function copyCommand(context: Context): Command {
  return new Command('copy')
    .description("copy a queue's messages to another queue or exchange, each confirmed there; the source keeps every one, in order")
    .argument('[source]', 'queue to copy from (default: $QUEUE_NAME)')
    .argument('[destination]', 'queue to copy to (created when missing)')
    .option('-n, --count <n>', 'copy the first n (that --where matches)', integer(COUNT))
    .option('-e, --exchange <name>', 'publish to this exchange instead of a queue')
    .option('--routing-key <key>', "with --exchange: the routing key (default: each message's own)")
    .option('--where <expression>', 'copy only messages this JMESPath expression matches (see the README)')
    .addHelpText(
      'after',
      `
Examples:
  mqcli queue copy jobs jobs.backup         every message of jobs, jobs unchanged
  mqcli queue copy jobs --exchange audit --count 10`,
    )
    .action(
      action(context, async (run, source: string | undefined, destination: string | undefined, flags: MoveFlags) => {
        const { planCopy } = await import('../../core/move/plan.js');
        const plan = planCopy(source, destination, flags, run.env);
        const [{ runMove }, { presentCopy }] = await Promise.all([import('../../core/move/run.js'), import('./copy-present.js')]);
        return presentCopy(run, await runMove(run, plan));
      }),
    );
}
