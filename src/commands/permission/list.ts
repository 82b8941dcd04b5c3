import { Command } from 'commander';
import type { PermissionRow } from '../../core/ops/access.js';
import { type Column, type ListOptions, listingOptions, renderRows } from '../listing.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';

const COLUMNS: readonly Column<PermissionRow>[] = [
  ['user', (p) => p.user],
  ['configure', (p) => p.configure],
  ['write', (p) => p.write],
  ['read', (p) => p.read],
];

/** `mqcli permission list`: list the users with permissions on the vhost and their configure, write and read patterns. */
export function listCommand(context: Context): Command {
  return listingOptions(
    new Command('list').description('list the users with permissions on the vhost and their configure, write and read patterns (management API)'),
    'user names',
  ).action(
    action(context, async (run, options: ListOptions) => {
      const [{ opsApi }, { permissionList }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/access.js')]);
      const rows = await permissionList(await opsApi(run, 'permission list'), options.filter);
      run.stdout.write(renderRows(rows, COLUMNS, renderOptions(run, options.json)));
    }),
  );
}
