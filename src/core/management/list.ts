import { RuntimeError } from '../errors.js';
import type { ConnectionSettings } from '../settings/types.js';
import { ManagementApi, ManagementError, segment } from './client.js';
import { globToRegExp } from './glob.js';

/** Lists the queues or exchanges of the vhost through the management API, filtered by a glob and sorted by name. */
export async function listNamed<T extends { name: string }>(
  settings: ConnectionSettings,
  kind: 'queues' | 'exchanges',
  columns: readonly string[],
  filter: string | undefined,
): Promise<T[]> {
  const items = await new ManagementApi(settings).get<T[]>(`/api/${kind}/${segment(settings.vhost)}?columns=${columns.join(',')}`).catch((error: unknown) => {
    if (error instanceof ManagementError && error.status === 404) throw new RuntimeError(`vhost '${settings.vhost}' does not exist`);
    throw error;
  });
  const pattern = filter === undefined ? undefined : globToRegExp(filter);
  return items.filter((item) => pattern === undefined || pattern.test(item.name)).sort((a, b) => a.name.localeCompare(b.name));
}
