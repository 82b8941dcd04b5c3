import { Command } from 'commander';
import type { BindingRow } from '../../core/ops/bindings.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<BindingRow>[] = [
  // The default exchange has the empty name; its implicit bindings show as `(default)`.
  ['source', (b) => (b.source === '' ? '(default)' : b.source)],
  ['destination', (b) => b.destination],
  ['type', (b) => b.destinationType],
  ['routing key', (b) => b.routingKey],
  ['arguments', (b) => cell(b.arguments)],
];

/** `mqcli binding list [--source x | --destination d]`: the vhost's bindings with their arguments. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list')
      .description('list the bindings of the vhost: source exchange, destination (queue or exchange), routing key, arguments (management API)')
      .option('-s, --source <exchange>', 'only the bindings from this exchange')
      .option('-d, --destination <name>', 'only the bindings to this queue or exchange'),
    'destination names',
  ).action(
    action(context, async (run, options: ListOptions & { source?: string; destination?: string }) => {
      const [{ opsApi }, { bindingList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/bindings.js')]);
      const rows = await bindingList(await opsApi(run, 'binding list'), options);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
