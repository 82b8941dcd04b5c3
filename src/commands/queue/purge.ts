import { Command } from 'commander';
import { plural } from '../../ui/format.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { approval, renderPurged } from './present.js';

/** `mqcli queue purge <queue>`: remove its ready messages. */
export function purgeCommand(context: Context): Command {
  return new Command('purge')
    .description('remove every ready message from a queue and say how many went (asks first on a terminal)')
    .argument('[queue]', 'queue name (default: $QUEUE_NAME)')
    .option('-y, --yes', 'do not ask')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string | undefined, options: { yes?: boolean; json?: boolean }) => {
        const { queueName } = await import('../../core/amqp/names.js');
        const { queuePurge } = await import('../../core/queue/manage.js');
        const queue = queueName(name, run.env);
        const approve = approval(run, options.yes, (state) => `Purge ${plural(state.messages, 'message')} from queue '${queue}'?`);
        run.stdout.write(renderPurged(await queuePurge(run, queue, { approve }), renderOptions(run, options.json)));
      }),
    );
}
