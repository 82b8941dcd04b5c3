import { compare, type OpsApi } from './api.js';
import { type CriticalQueue, type QuorumQueue, quorumCritical } from './quorum.js';

/** One resource alarm in effect: memory or disk, on a node. */
export interface Alarm {
  node: string;
  resource: string;
}

/** What `mqcli health` found; healthy when every list is empty. */
export interface HealthReport {
  healthy: boolean;
  nodes: { running: string[]; down: string[] };
  alarms: Alarm[];
  quorumCritical: CriticalQueue[];
}

interface ApiQueue extends Partial<QuorumQueue> {
  name: string;
  vhost: string;
  type?: string;
}

/**
 * The cluster's health through the management API: alarms (its /api/health/checks/alarms), nodes
 * down (/api/nodes), and quorum queues one node loss from unavailable, in every vhost.
 */
export async function health({ api }: OpsApi): Promise<HealthReport> {
  const [alarms, nodes, queues] = await Promise.all([
    api.check('/api/health/checks/alarms'),
    api.get<{ name: string; running?: boolean }[]>('/api/nodes?columns=name,running'),
    api.get<ApiQueue[]>('/api/queues?columns=name,vhost,type,members,online'),
  ]);
  const inEffect = alarms.ok ? [] : ((alarms.body.alarms ?? []) as Alarm[]);
  const running = nodes.filter((node) => node.running === true).map((node) => node.name);
  const down = nodes.filter((node) => node.running !== true).map((node) => node.name);
  const quorum = queues
    .filter((queue) => queue.type === 'quorum')
    .map((queue) => ({ name: queue.name, vhost: queue.vhost, members: queue.members ?? [], online: queue.online ?? [] }));
  const critical = quorumCritical(quorum, nodes.length).sort((a, b) => compare(a.vhost, b.vhost) || compare(a.name, b.name));
  return {
    healthy: inEffect.length === 0 && down.length === 0 && critical.length === 0,
    nodes: { running: running.sort(compare), down: down.sort(compare) },
    alarms: inEffect.map((alarm) => ({ node: alarm.node, resource: alarm.resource })),
    quorumCritical: critical,
  };
}
