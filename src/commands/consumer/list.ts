import { Command } from 'commander';
import type { ConsumerRow } from '../../core/ops/consumers.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<ConsumerRow>[] = [
  ['queue', (c) => c.queue],
  ['tag', (c) => c.tag],
  ['prefetch', (c) => cell(c.prefetch)],
  ['ack', (c) => c.ack],
  ['active', (c) => cell(c.active)],
  ['exclusive', (c) => cell(c.exclusive)],
  ['connection', (c) => c.connection],
];

/** `mqcli consumer list [--queue q]`: the consumers of the vhost, or of one queue. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list')
      .description('list the consumers of the vhost: queue, tag, prefetch, ack mode (manual or auto), active, connection (management API)')
      .option('-q, --queue <name>', 'only the consumers of this queue'),
    'consumer tags',
  ).action(
    action(context, async (run, options: ListOptions & { queue?: string }) => {
      const [{ opsApi }, { consumerList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/consumers.js')]);
      const rows = await consumerList(await opsApi(run, 'consumer list'), { queue: options.queue, filter: options.filter });
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
