import { Command } from 'commander';
import { action, type Context } from '../runtime.js';

/** `mqcli queue info <queue>`: counts over AMQP, settings from the management API when it answers. */
export function infoCommand(context: Context): Command {
  return new Command('info')
    .description('show a queue: message and consumer counts, and its type, durability and arguments when the management API answers')
    .argument('[queue]', 'queue name (default: $QUEUE_NAME)')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string | undefined, options: { json?: boolean }) => {
        const { queueName } = await import('../../core/amqp/names.js');
        const { queueInfo } = await import('../../core/queue/manage.js');
        run.stdout.write(await queueInfo(run, queueName(name, run.env), options.json === true));
      }),
    );
}
