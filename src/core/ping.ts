import { performance } from 'node:perf_hooks';
import { withConnection } from './broker/session.js';
import { ManagementApi } from './management/client.js';
import { defaultApiUrl } from './settings/validate.js';
import type { ConnectionSettings } from './settings/types.js';

export interface PingResult {
  product: string;
  version: string;
  platform: string;
  cluster: string | null;
  host: string;
  port: number;
  vhost: string;
  user: string;
  connectMs: number;
  roundTripMs: number;
  /** The cluster's nodes as its management API lists them; null where the API does not answer for this cluster. */
  nodes: { name: string; running: boolean }[] | null;
}

/** The optional question to the management API may not hold ping up for long. */
const API_TIMEOUT_MS = 2000;

const ROUND_TRIPS = 3;

/** Connects, asks the broker a question a few times, and reports who answered and how fast. */
export async function ping(settings: ConnectionSettings): Promise<PingResult> {
  const started = performance.now();
  const result = await withConnection(settings, { name: 'mqcli ping' }, async (connection): Promise<PingResult> => {
    const connectMs = performance.now() - started;
    const channel = await connection.channel();
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const sent = performance.now();
      // amq.direct exists in every vhost; a passive declare is the cheapest question with an answer.
      await channel.checkExchange('amq.direct');
      best = Math.min(best, performance.now() - sent);
    }
    const server: Record<string, unknown> = connection.serverProperties ?? {};
    return {
      product: String(server.product ?? 'unknown'),
      version: String(server.version ?? 'unknown'),
      platform: String(server.platform ?? ''),
      cluster: typeof server.cluster_name === 'string' ? server.cluster_name : null,
      // The node that answered: with a list, not always the first.
      host: connection.target.host,
      port: connection.target.port,
      vhost: settings.vhost,
      user: settings.user,
      connectMs: round(connectMs),
      roundTripMs: round(best),
      nodes: null,
    };
  });
  // The default API is next to the node that answered, which need not be the first of a list.
  const apiUrl = settings.apiUrl === defaultApiUrl(settings) ? defaultApiUrl({ ...settings, host: result.host }) : settings.apiUrl;
  return { ...result, nodes: await clusterNodes({ ...settings, apiUrl }, result.cluster) };
}

/** The nodes of the cluster, running or not, from the management API, if it answers for the same cluster. */
async function clusterNodes(settings: ConnectionSettings, cluster: string | null): Promise<PingResult['nodes']> {
  if (cluster === null) return null;
  const api = new ManagementApi({ ...settings, timeout: Math.min(settings.timeout, API_TIMEOUT_MS) });
  try {
    const overview = await api.get<{ cluster_name?: unknown }>('/api/overview');
    if (overview.cluster_name !== cluster) return null;
    const nodes = await api.get<{ name: string; running?: boolean }[]>('/api/nodes?columns=name,running');
    return nodes.map(({ name, running }) => ({ name, running: running === true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return null;
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
