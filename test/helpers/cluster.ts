import amqp, { type ChannelModel } from 'amqplib';
import { clusterScript, type ClusterNode } from '../setup/cluster.js';

/** kill -9 of the node's beam process: a crash, with no goodbye to clients or peers. */
export function killNode(node: ClusterNode): void {
  clusterScript(node.env, 'kill', String(node.index));
}

/** Starts the node again and waits until its app runs; it rejoins the cluster by itself. */
export function restartNode(node: ClusterNode): void {
  clusterScript(node.env, 'restart', String(node.index));
}

/** Runs rabbitmqctl against one node. */
export function nodeCtl(node: ClusterNode, ...args: string[]): string {
  return clusterScript(node.env, 'ctl', String(node.index), ...args);
}

/** The names of the running nodes, as `node` sees them in cluster_status. */
export function runningNodes(node: ClusterNode): string[] {
  const status = JSON.parse(nodeCtl(node, 'cluster_status', '--formatter', 'json')) as { running_nodes: string[] };
  return [...status.running_nodes].sort();
}

/** A plain amqplib connection to one node, independent of mqcli. */
export async function withNode<T>(node: ClusterNode, work: (connection: ChannelModel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect({ hostname: '127.0.0.1', port: node.port, username: 'guest', password: 'guest' });
  connection.on('error', () => {}); // a killed peer can close it under us; `work` sees the failure
  try {
    return await work(connection);
  } finally {
    await connection.close().catch(() => {});
  }
}

/** Which node leads quorum queue `queue`, as `node` sees it. */
export function leaderOf(node: ClusterNode, queue: string): string | undefined {
  const rows = JSON.parse(nodeCtl(node, 'list_queues', 'name', 'leader', '--formatter', 'json')) as { name: string; leader: string }[];
  return rows.find((row) => row.name === queue)?.leader;
}
