import { Command } from 'commander';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderQueueList } from './present.js';

/** `mqcli queue list`: every queue of the vhost, through the management API. */
export function listCommand(context: Context): Command {
  return new Command('list')
    .description('list the queues of the vhost with type, ready and unacked messages, consumers and state (management API; counts lag a few seconds)')
    .option('--filter <glob>', 'only names matching this pattern (* and ?)')
    .option('--json', 'print a JSON array')
    .action(
      action(context, async (run, options: { filter?: string; json?: boolean }) => {
        const { queueList } = await import('../../core/queue/inspect.js');
        run.stdout.write(renderQueueList(await queueList(run, options.filter), renderOptions(run, options.json)));
      }),
    );
}
