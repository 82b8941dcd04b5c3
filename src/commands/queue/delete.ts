import { Command } from 'commander';
import { action, type Context } from '../runtime.js';

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
        const flags = { ifEmpty: options.ifEmpty === true, ifUnused: options.ifUnused === true, yes: options.yes === true, json: options.json === true };
        run.stdout.write(await queueDelete(run, queueName(name, run.env), flags));
      }),
    );
}
