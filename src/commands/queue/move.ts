import { Command } from 'commander';
import type { MoveFlags } from '../../core/move/plan.js';
import { COUNT, integer, RETRY_SECONDS } from '../parsers.js';
import { action, type Context } from '../runtime.js';

/** `mqcli queue move <source> [destination]`: move messages without losing one, or send dead letters back. */
export function moveCommand(context: Context): Command {
  return new Command('move')
    .description(
      'move messages to another queue or exchange, each acked in the source only once the destination confirmed it; ' +
        'without a destination, send dead-lettered messages back to the queue they came from',
    )
    .argument('[source]', 'queue to take from (default: $QUEUE_NAME)')
    .argument('[destination]', "queue to move to (created when missing); left out: back to each message's origin")
    .option('-n, --count <n>', 'move exactly n messages, then stop', integer(COUNT))
    .option('-e, --exchange <name>', 'publish to this exchange instead of a queue')
    .option('--routing-key <key>', "with --exchange: the routing key (default: each message's own)")
    .option('--where <expression>', 'move only messages this JMESPath expression matches; the rest stay, in order (see the README)')
    .option('--dry-run', 'print where each message would go; move nothing')
    .option('--no-reconnect', 'exit 1 when the connection is lost, instead of failing over and moving on (what was in flight goes back to the source)')
    .option(
      '--retry-nacks <seconds>',
      'after a failover, move again what the destination nacks for this long, while a quorum queue elects a leader (default 300; 0: stop at a nack)',
      integer(RETRY_SECONDS),
    )
    .addHelpText(
      'after',
      `
Examples:
  mqcli queue move jobs.dlq jobs            everything in jobs.dlq into jobs
  mqcli queue move jobs.dlq                 each dead letter back to its queue
  mqcli queue move jobs.dlq --dry-run       where each would go
  mqcli queue move old --exchange events --count 100
  mqcli queue move orders.dlq --where "\\"x-death\\"[0].reason == 'expired'"`,
    )
    .action(
      action(context, async (run, source: string | undefined, destination: string | undefined, flags: MoveFlags) => {
        const { planMove } = await import('../../core/move/plan.js');
        const plan = planMove(source, destination, flags, run.env);
        const present = await import('./move-present.js');
        if (plan.dryRun) return present.presentDryRun(run, await (await import('../../core/move/dry-run.js')).dryRun(run, plan));
        return present.presentMove(run, await (await import('../../core/move/run.js')).runMove(run, plan));
      }),
    );
}
