import { Command } from 'commander';
import type { ConnectionRow } from '../../core/ops/connections.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<ConnectionRow>[] = [
  ['name', (c) => c.name],
  ['user', (c) => c.user],
  ['client', (c) => [c.client.product, c.client.version].filter((part) => part !== null).join(' ') || '-'],
  ['address', (c) => c.client.address],
  ['node', (c) => c.node],
  ['state', (c) => cell(c.state)],
  ['channels', (c) => cell(c.channels)],
  ['recv B/s', (c) => cell(c.recvRate)],
  ['send B/s', (c) => cell(c.sendRate)],
];

/** `mqcli connection list`: the client connections to the vhost. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the connections to the vhost: user, client, address, node, state, channels and byte rates (management API)'),
    'connection names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { connectionList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/connections.js')]);
      const rows = await connectionList(await opsApi(run, 'connection list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
