/** A quorum queue as /api/queues gives it: its member nodes and those of them online. */
export interface QuorumQueue {
  name: string;
  vhost: string;
  members: string[];
  online: string[];
}

/** A quorum queue that would be unavailable after one more node loss (or is already). */
export interface CriticalQueue {
  name: string;
  vhost: string;
  members: number;
  online: number;
}

/**
 * The rule of `rabbitmq-diagnostics check_if_node_is_quorum_critical`, for every node at once: a
 * queue whose online members are no more than its quorum (members / 2 + 1) loses the quorum when
 * one more of them stops. A single-node cluster has no node to lose, so none is (as RabbitMQ says).
 */
export function quorumCritical(queues: readonly QuorumQueue[], clusterSize: number): CriticalQueue[] {
  if (clusterSize <= 1) return [];
  return queues
    .filter((queue) => queue.online.length <= Math.floor(queue.members.length / 2) + 1)
    .map((queue) => ({ name: queue.name, vhost: queue.vhost, members: queue.members.length, online: queue.online.length }));
}
