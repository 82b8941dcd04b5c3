import { Command } from 'commander';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderQueueInfo } from './present.js';

/** `mqcli queue info <queue>`: counts over AMQP, settings from the management API when it answers. */
export function infoCommand(context: Context): Command {
  return new Command('info')
    .description('show a queue: message and consumer counts, and its type, durability and arguments when the management API answers')
    .argument('[queue]', 'queue name (default: $QUEUE_NAME)')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string | undefined, options: { json?: boolean }) => {
        const { queueName } = await import('../../core/amqp/names.js');
        const { queueInfo } = await import('../../core/queue/inspect.js');
        const { info, apiProblem } = await queueInfo(run, queueName(name, run.env));
        if (apiProblem !== undefined) run.log.info(`(type, durability and arguments need the management API: ${apiProblem})`);
        run.stdout.write(renderQueueInfo(info, renderOptions(run, options.json)));
      }),
    );
}
