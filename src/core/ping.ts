import { performance } from 'node:perf_hooks';
import { withConnection } from './broker/session.js';
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
}

const ROUND_TRIPS = 3;

/** Connects, asks the broker a question a few times, and reports who answered and how fast. */
export async function ping(settings: ConnectionSettings): Promise<PingResult> {
  const started = performance.now();
  return withConnection(settings, { name: 'mqcli ping' }, async (connection) => {
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
      host: settings.host,
      port: settings.port,
      vhost: settings.vhost,
      user: settings.user,
      connectMs: round(connectMs),
      roundTripMs: round(best),
    };
  });
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
