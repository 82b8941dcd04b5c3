import { Command } from 'commander';
import type { VhostRow } from '../../core/ops/access.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<VhostRow>[] = [
  ['name', (v) => v.name],
  ['description', (v) => cell(v.description || null)],
  ['tags', (v) => cell(v.tags)],
  ['tracing', (v) => cell(v.tracing)],
  ['messages', (v) => cell(v.messages)],
];

/** `mqcli vhost list`: list the virtual hosts of the broker with their description, tags, tracing and messages. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the virtual hosts of the broker with their description, tags, tracing and messages (management API)'),
    'vhost names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { vhostList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/access.js')]);
      const rows = await vhostList(await opsApi(run, 'vhost list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
