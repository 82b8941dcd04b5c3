import { segment } from '../management/client.js';
import { filtered, num, type OpsApi, rate, vhostGet } from './api.js';

interface ApiConnection {
  name: string;
  user?: string;
  vhost?: string;
  node?: string;
  state?: string;
  channels?: number;
  peer_host?: string;
  peer_port?: number;
  client_properties?: { product?: unknown; version?: unknown; connection_name?: unknown };
  recv_oct_details?: unknown;
  send_oct_details?: unknown;
}

/** One row of `connection list`; rates in bytes per second, null until the API has them. */
export interface ConnectionRow {
  name: string;
  user: string;
  vhost: string;
  client: { product: string | null; version: string | null; address: string };
  node: string;
  state: string | null;
  channels: number | null;
  recvRate: number | null;
  sendRate: number | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `connection list`: the connections to the vhost, filtered by name. */
export async function connectionList(ops: OpsApi, filter: string | undefined): Promise<ConnectionRow[]> {
  const rows = (await vhostGet<ApiConnection[]>(ops, 'vhosts', '/connections')).map(
    (c): ConnectionRow => ({
      name: c.name,
      user: c.user ?? '',
      vhost: c.vhost ?? ops.vhost,
      client: {
        product: text(c.client_properties?.product),
        version: text(c.client_properties?.version),
        address: c.peer_port === undefined ? (c.peer_host ?? '') : `${c.peer_host}:${c.peer_port}`,
      },
      node: c.node ?? '',
      state: c.state ?? null,
      channels: num(c.channels),
      recvRate: rate(c.recv_oct_details),
      sendRate: rate(c.send_oct_details),
    }),
  );
  return filtered(rows, (row) => row.name, filter);
}

/** `connection close`: asks the broker to close one connection; the reason reaches its client. */
export async function closeConnection(ops: OpsApi, name: string, reason: string | undefined): Promise<void> {
  await ops.api.send('DELETE', `/api/connections/${segment(name)}`, undefined, reason === undefined ? {} : { 'x-reason': reason });
}

interface ApiChannel {
  name: string;
  user?: string;
  connection_details?: { name?: string };
  prefetch_count?: number;
  messages_unacknowledged?: number;
  confirm?: boolean;
  transactional?: boolean;
  consumer_count?: number;
  state?: string;
}

/** One row of `channel list`. */
export interface ChannelRow {
  name: string;
  connection: string;
  user: string;
  prefetch: number | null;
  unacked: number | null;
  confirm: boolean;
  transactional: boolean;
  consumers: number | null;
  state: string | null;
}

/** `channel list`: the channels on the vhost's connections, filtered by name. */
export async function channelList(ops: OpsApi, filter: string | undefined): Promise<ChannelRow[]> {
  const rows = (await vhostGet<ApiChannel[]>(ops, 'vhosts', '/channels')).map(
    (c): ChannelRow => ({
      name: c.name,
      connection: c.connection_details?.name ?? '',
      user: c.user ?? '',
      prefetch: num(c.prefetch_count),
      unacked: num(c.messages_unacknowledged),
      confirm: c.confirm === true,
      transactional: c.transactional === true,
      consumers: num(c.consumer_count),
      state: c.state ?? null,
    }),
  );
  return filtered(rows, (row) => row.name, filter);
}
