import { Command } from 'commander';
import type { NodeRow } from '../../core/ops/nodes.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows, uptime } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<NodeRow>[] = [
  ['name', (n) => n.name],
  ['running', (n) => cell(n.running)],
  ['memory alarm', (n) => cell(n.memoryAlarm)],
  ['disk alarm', (n) => cell(n.diskAlarm)],
  ['uptime', (n) => uptime(n.uptime)],
  ['version', (n) => cell(n.version)],
];

/** `mqcli node list`: list the nodes of the cluster: running, memory and disk alarms, uptime and RabbitMQ version. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the nodes of the cluster: running, memory and disk alarms, uptime and RabbitMQ version (management API)'),
    'node names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { nodeList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/nodes.js')]);
      const rows = await nodeList(await opsApi(run, 'node list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
