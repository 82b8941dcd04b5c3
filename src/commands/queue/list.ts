import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { integer } from '../parsers.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderQueueList } from './present.js';

/** `mqcli queue list`: every queue of the vhost, through the management API. */
export function listCommand(context: Context): Command {
  return new Command('list')
    .description('list the queues of the vhost with type, ready and unacked messages, consumers and state (management API; counts lag a few seconds)')
    .option('--filter <glob>', 'only names matching this pattern (* and ?)')
    .option('--json', 'print a JSON array (with --watch: one JSON line per refresh)')
    .option('-w, --watch', 'refresh every --interval: a live table on a terminal (q quits), one table per refresh in a pipe')
    .option(
      '--interval <seconds>',
      'seconds between refreshes with --watch (default 2)',
      integer({ min: 1, max: 86_400, expected: 'whole seconds from 1 to 86400' }),
    )
    .action(
      action(context, async (run, options: { filter?: string; json?: boolean; watch?: boolean; interval?: number }) => {
        if (options.interval !== undefined && options.watch !== true) throw new UsageError('--interval needs --watch');
        if (options.watch === true) {
          const { runQueueWatch } = await import('./watch.js');
          return runQueueWatch(run, { filter: options.filter, intervalSeconds: options.interval ?? 2, json: options.json === true });
        }
        const { queueList } = await import('../../core/queue/inspect.js');
        run.stdout.write(renderQueueList(await queueList(run, options.filter), renderOptions(run, options.json)));
      }),
    );
}
