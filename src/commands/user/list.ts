import { Command } from 'commander';
import type { UserRow } from '../../core/ops/access.js';
import { cell, type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<UserRow>[] = [
  ['name', (u) => u.name],
  ['tags', (u) => cell(u.tags)],
];

/** `mqcli user list`: list the users of the broker and their tags; password hashes are never shown. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the users of the broker and their tags; password hashes are never shown (management API)'),
    'user names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { userList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/access.js')]);
      const rows = await userList(await opsApi(run, 'user list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
