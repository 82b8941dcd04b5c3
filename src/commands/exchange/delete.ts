import { Command } from 'commander';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderExchangeDeleted } from './present.js';

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
        await exchangeDelete(run, checkName(name, 'exchange'), { ifUnused: options.ifUnused === true });
        run.stdout.write(renderExchangeDeleted(name, renderOptions(run, options.json)));
      }),
    );
}
