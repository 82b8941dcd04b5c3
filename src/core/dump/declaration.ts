import type { BrokerConnection } from '../broker/connection.js';
import type { Run } from '../context.js';
import { BrokerError } from '../errors.js';
import { segment } from '../management/client.js';
import { clusterOf, verifiedApi } from '../management/verify.js';
import type { Declaration } from './format.js';

interface ApiQueue {
  type?: string;
  durable: boolean;
  auto_delete: boolean;
  arguments: Record<string, unknown>;
}

interface ApiBinding {
  source: string;
  routing_key: string;
  arguments: Record<string, unknown>;
}

/** The queue's type, arguments and bindings from the management API; without it, a durable queue of unknown type, said once. */
export async function declarationOf(run: Run, connection: BrokerConnection, queue: string): Promise<Declaration> {
  const resolved = await run.settings();
  const base = `/api/queues/${segment(resolved.connection.vhost)}/${segment(queue)}`;
  try {
    const api = await verifiedApi(run, resolved, clusterOf(connection));
    const details = await api.get<ApiQueue>(base);
    const bindings = (await api.get<ApiBinding[]>(`${base}/bindings`)).filter((binding) => binding.source !== '');
    return {
      type: details.type,
      durable: details.durable,
      autoDelete: details.auto_delete,
      arguments: details.arguments,
      bindings: bindings.map((binding) => ({ exchange: binding.source, routingKey: binding.routing_key, arguments: binding.arguments })),
    };
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    run.log.warn(`the dump's header has no type, arguments or bindings for queue '${queue}': the management API did not answer (${error.message})`);
    return { type: undefined, durable: true, autoDelete: false, arguments: {}, bindings: [] };
  }
}
