import { Command } from 'commander';
import type { ChannelRow } from '../../core/ops/connections.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<ChannelRow>[] = [
  ['name', (c) => c.name],
  ['connection', (c) => c.connection],
  ['user', (c) => c.user],
  ['prefetch', (c) => cell(c.prefetch)],
  ['unacked', (c) => cell(c.unacked)],
  ['confirm', (c) => cell(c.confirm)],
  ['consumers', (c) => cell(c.consumers)],
  ['state', (c) => cell(c.state)],
];

/** `mqcli channel list`: the channels on the vhost's connections. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the channels on the connections to the vhost: connection, prefetch, unacked, confirm mode (management API)'),
    'channel names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { channelList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/connections.js')]);
      const rows = await channelList(await opsApi(run, 'channel list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
