import { Command } from 'commander';
import { action, type Context } from '../runtime.js';

/** `mqcli exchange delete <name>`. */
export function deleteCommand(context: Context): Command {
  return new Command('delete')
    .description('delete an exchange')
    .argument('<name>', 'exchange name')
    .option('--if-unused', 'only if nothing is bound to it')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string, options: { ifUnused?: boolean; json?: boolean }) => {
        const { checkName } = await import('../../core/amqp/names.js');
        const { exchangeDelete } = await import('../../core/exchange/manage.js');
        run.stdout.write(await exchangeDelete(run, checkName(name, 'exchange'), { ifUnused: options.ifUnused === true, json: options.json === true }));
      }),
    );
}

