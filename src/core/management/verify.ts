import type { BrokerConnection } from '../broker/connection.js';
import { withConnection } from '../broker/session.js';
import type { Run } from '../context.js';
import { BrokerError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { describeSource } from '../settings/describe.js';
import type { ResolvedSettings } from '../settings/types.js';
import { ManagementApi } from './client.js';

/** The management API answered for another broker than the one the AMQP connection reached. */
export class ApiMismatchError extends BrokerError {}

/** The cluster name the broker gave in its AMQP server properties, when it gave one. */
export function clusterOf(connection: BrokerConnection): string | undefined {
  const name: unknown = connection.serverProperties?.cluster_name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The management API at the configured URL, once /api/overview has named the same cluster as
 * the AMQP connection (`cluster`). The default URL (port 15672 on the AMQP host) can reach
 * another broker on the same host, whose answers would be wrong without looking wrong.
 */
export async function verifiedApi(run: Run, resolved: ResolvedSettings, cluster: string | undefined): Promise<ManagementApi> {
  const { connection: settings, sources } = resolved;
  const url = redactUrl(settings.apiUrl);
  const origin = sources.apiUrl.kind === 'default' ? 'the default: port 15672 on the AMQP host' : describeSource(sources.apiUrl, 'apiUrl');
  run.log.debug(`management API: ${url} (${origin})`);
  // Over amqps:// the start-up warning already said it; over plain AMQP only the API uses TLS.
  if (settings.insecure && settings.protocol === 'amqp' && settings.apiUrl.startsWith('https:')) {
    run.log.warn("--insecure: the management API's certificate is not checked, so anyone on the way could read and change the traffic");
  }
  const api = new ManagementApi(settings);
  if (cluster === undefined) {
    run.log.debug('the broker named no cluster over AMQP, so the management API cannot be checked against it');
    return api;
  }
  const answered = (await api.get<{ cluster_name?: unknown }>('/api/overview')).cluster_name;
  if (answered !== cluster) {
    const theirs = typeof answered === 'string' ? `cluster '${answered}'` : 'no cluster name';
    throw new ApiMismatchError(
      `the management API at ${url} answers for ${theirs}, but the AMQP connection to ${settings.host}:${settings.port} reached cluster '${cluster}'`,
      { hint: 'Point mqcli at the management API of that broker: --api-url, MQ_API_URL or apiUrl in the rc file' },
    );
  }
  run.log.debug(`management API answers for cluster '${cluster}', as AMQP does`);
  return api;
}

/** Connects over AMQP to learn which broker the settings reach, then returns its verified management API. */
export async function managementApi(run: Run, name: string): Promise<ManagementApi> {
  const resolved = await run.settings();
  const cluster = await withConnection(resolved.connection, { name }, async (connection) => clusterOf(connection));
  return verifiedApi(run, resolved, cluster);
}
