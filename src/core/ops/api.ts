import type { Run } from '../context.js';
import { RuntimeError } from '../errors.js';
import { type ManagementApi, ManagementError, segment } from '../management/client.js';
import { globToRegExp } from '../management/glob.js';
import { managementApi } from '../management/verify.js';

/** The verified management API and the vhost the settings name: what every listing starts from. */
export interface OpsApi {
  api: ManagementApi;
  vhost: string;
}

/** Connects over AMQP once to learn which broker the settings reach, as `queue list` does. */
export async function opsApi(run: Run, name: string): Promise<OpsApi> {
  const api = await managementApi(run, `mqcli ${name}`);
  const { connection } = await run.settings();
  return { api, vhost: connection.vhost };
}

/** GETs `/api/<kind>/<vhost><rest>`; a 404 means the vhost does not exist. */
export function vhostGet<T>({ api, vhost }: OpsApi, kind: string, rest = ''): Promise<T> {
  return api.get<T>(`/api/${kind}/${segment(vhost)}${rest}`).catch((error: unknown) => {
    if (error instanceof ManagementError && error.status === 404) throw new RuntimeError(`vhost '${vhost}' does not exist`);
    throw error;
  });
}

/** Keeps the rows whose `key` matches the glob (all without one), sorted by that key and then as given. */
export function filtered<T>(rows: readonly T[], key: (row: T) => string, filter: string | undefined): T[] {
  const pattern = filter === undefined ? undefined : globToRegExp(filter);
  return rows.filter((row) => pattern === undefined || pattern.test(key(row))).sort((a, b) => compare(key(a), key(b)));
}

/** Code-unit order: the same on every machine and locale, so listings and exports are stable. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A number the API may leave out while its statistics are not collected yet. */
export const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** A rate out of a `*_details` object: `{ rate: 12.5 }`. */
export const rate = (details: unknown): number | null => num((details as { rate?: unknown } | undefined)?.rate);
