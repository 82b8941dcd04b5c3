import { RuntimeError } from '../errors.js';
import { type ManagementApi, ManagementError, segment } from './client.js';
import { globToRegExp } from './glob.js';

/** Lists the queues or exchanges of the vhost through the management API, filtered by a glob and sorted by name. */
export async function listNamed<T extends { name: string }>(
  api: ManagementApi,
  vhost: string,
  kind: 'queues' | 'exchanges',
  columns: readonly string[],
  filter: string | undefined,
): Promise<T[]> {
  const items = await api.get<T[]>(`/api/${kind}/${segment(vhost)}?columns=${columns.join(',')}`).catch((error: unknown) => {
    if (error instanceof ManagementError && error.status === 404) throw new RuntimeError(`vhost '${vhost}' does not exist`);
    throw error;
  });
  const pattern = filter === undefined ? undefined : globToRegExp(filter);
  return items.filter((item) => pattern === undefined || pattern.test(item.name)).sort((a, b) => a.name.localeCompare(b.name));
}
