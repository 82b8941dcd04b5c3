import { Command } from 'commander';
import type { PolicyRow } from '../../core/ops/policies.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<PolicyRow>[] = [
  ['name', (p) => p.name],
  ['kind', (p) => p.kind],
  ['pattern', (p) => p.pattern],
  ['apply to', (p) => p.applyTo],
  ['priority', (p) => cell(p.priority)],
  ['definition', (p) => cell(p.definition)],
];

/** `mqcli policy list`: list the policies of the vhost, operator policies too (kind: policy or operator), with pattern, priority and definition. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description(
      'list the policies of the vhost, operator policies too (kind: policy or operator), with pattern, priority and definition (management API)',
    ),
    'policy names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { policyList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/policies.js')]);
      const rows = await policyList(await opsApi(run, 'policy list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
