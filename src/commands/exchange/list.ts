import { Command } from 'commander';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderExchangeList } from './present.js';

/** `mqcli exchange list`, through the management API. */
export function listCommand(context: Context): Command {
  return new Command('list')
    .description('list the exchanges of the vhost (management API)')
    .option('--filter <glob>', 'only names matching this pattern (* and ?)')
    .option('--json', 'print a JSON array')
    .action(
      action(context, async (run, options: { filter?: string; json?: boolean }) => {
        const { exchangeList } = await import('../../core/exchange/manage.js');
        run.stdout.write(renderExchangeList(await exchangeList(run, options.filter), renderOptions(run, options.json)));
      }),
    );
}
