import { filtered, num, type OpsApi, vhostGet } from './api.js';

/** 3.10 gives tags as an array; older brokers as one comma-separated string. */
export const tagList = (tags: unknown): string[] => (Array.isArray(tags) ? tags.map(String) : typeof tags === 'string' && tags !== '' ? tags.split(',') : []);

interface ApiVhost {
  name: string;
  description?: string;
  tags?: unknown;
  tracing?: boolean;
  default_queue_type?: string;
  messages?: number;
}

/** One row of `vhost list`. */
export interface VhostRow {
  name: string;
  description: string;
  tags: string[];
  tracing: boolean;
  messages: number | null;
}

/** `vhost list`: every vhost of the broker. */
export async function vhostList({ api }: OpsApi, filter: string | undefined): Promise<VhostRow[]> {
  const rows = (await api.get<ApiVhost[]>('/api/vhosts')).map(
    (v): VhostRow => ({ name: v.name, description: v.description ?? '', tags: tagList(v.tags), tracing: v.tracing === true, messages: num(v.messages) }),
  );
  return filtered(rows, (row) => row.name, filter);
}

/** One row of `user list`: name and tags only, never the password hash or its algorithm. */
export interface UserRow {
  name: string;
  tags: string[];
}

/** `user list`: every user of the broker. */
export async function userList({ api }: OpsApi, filter: string | undefined): Promise<UserRow[]> {
  const rows = (await api.get<{ name: string; tags?: unknown }[]>('/api/users')).map((u): UserRow => ({ name: u.name, tags: tagList(u.tags) }));
  return filtered(rows, (row) => row.name, filter);
}

/** One row of `permission list`: a user's configure, write and read patterns on the vhost. */
export interface PermissionRow {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

/** `permission list`: who may do what on the vhost, filtered by user. */
export async function permissionList(ops: OpsApi, filter: string | undefined): Promise<PermissionRow[]> {
  const rows = (await vhostGet<PermissionRow[]>(ops, 'vhosts', '/permissions')).map(
    (p): PermissionRow => ({ user: p.user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read }),
  );
  return filtered(rows, (row) => row.user, filter);
}
