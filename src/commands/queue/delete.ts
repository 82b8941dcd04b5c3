import { Command } from 'commander';
import { plural } from '../../ui/format.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { approval, renderDeleted } from './present.js';

interface DeleteOptions {
  ifEmpty?: boolean;
  ifUnused?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** `mqcli queue delete <queue>`: delete it and say how many messages went with it. */
export function deleteCommand(context: Context): Command {
  return new Command('delete')
    .description('delete a queue and say how many messages went with it (asks first on a terminal when it holds messages)')
    .argument('[queue]', 'queue name (default: $QUEUE_NAME)')
    .option('--if-empty', 'only if it holds no messages')
    .option('--if-unused', 'only if it has no consumers')
    .option('-y, --yes', 'do not ask')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string | undefined, options: DeleteOptions) => {
        const { queueName } = await import('../../core/amqp/names.js');
        const { queueDelete } = await import('../../core/queue/manage.js');
        const queue = queueName(name, run.env);
        const approve = approval(run, options.yes, (state) => `Delete queue '${queue}' and its ${plural(state.messages, 'message')}?`);
        const result = await queueDelete(run, queue, { ifEmpty: options.ifEmpty === true, ifUnused: options.ifUnused === true, approve });
        run.stdout.write(renderDeleted(result, renderOptions(run, options.json)));
      }),
    );
}
