import { BrokerConnection } from '../broker/connection.js';
import { nodeOrder } from '../broker/nodes.js';
import type { Run } from '../context.js';
import type { ConnectionSettings, Endpoint } from '../settings/types.js';

/**
 * Opens `count` connections named `name`, the i-th starting at the i-th node of the URL list, so a
 * cluster's nodes share the load (each still fails over to the others). No recovery: a run whose
 * connection dropped has figures that mean nothing, so the loss ends it.
 */
export async function openConnections(run: Run, settings: ConnectionSettings, name: string, count: number): Promise<BrokerConnection[]> {
  const nodes = nodeOrder(settings);
  const opened: BrokerConnection[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const endpoints = startingAt(nodes, i);
      const first = endpoints[0] as Endpoint;
      opened.push(
        await BrokerConnection.open(
          { ...settings, host: first.host, port: first.port, endpoints, shuffle: false },
          { name, onNodeFailed: (error) => run.log.warn(`${error.message}; trying the next node`) },
        ),
      );
    }
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
  return opened;
}

/** The list of nodes turned to start at the i-th (round and round): connection i's order of nodes to try. */
export function startingAt(nodes: readonly Endpoint[], i: number): Endpoint[] {
  const at = i % nodes.length;
  return [...nodes.slice(at), ...nodes.slice(0, at)];
}

export async function closeAll(connections: readonly BrokerConnection[]): Promise<void> {
  await Promise.all(connections.map((connection) => connection.close()));
}
