import { filtered, num, type OpsApi } from './api.js';

interface ApiNode {
  name: string;
  type?: string;
  running?: boolean;
  mem_alarm?: boolean;
  disk_free_alarm?: boolean;
  uptime?: number;
  mem_used?: number;
  mem_limit?: number;
  disk_free?: number;
  disk_free_limit?: number;
  applications?: { name: string; version: string }[];
}

/** One row of `node list`: a node that is down has no figures, only its name and running: false. */
export interface NodeRow {
  name: string;
  running: boolean;
  memoryAlarm: boolean;
  diskAlarm: boolean;
  /** Milliseconds since the node started. */
  uptime: number | null;
  version: string | null;
  memoryUsed: number | null;
  memoryLimit: number | null;
  diskFree: number | null;
  diskFreeLimit: number | null;
}

/** `node list`: the cluster's nodes as the management API sees them. */
export async function nodeList({ api }: OpsApi, filter: string | undefined): Promise<NodeRow[]> {
  const rows = (await api.get<ApiNode[]>('/api/nodes')).map(
    (n): NodeRow => ({
      name: n.name,
      running: n.running === true,
      memoryAlarm: n.mem_alarm === true,
      diskAlarm: n.disk_free_alarm === true,
      uptime: n.running === true ? num(n.uptime) : null,
      version: n.applications?.find((app) => app.name === 'rabbit')?.version ?? null,
      memoryUsed: num(n.mem_used),
      memoryLimit: num(n.mem_limit),
      diskFree: num(n.disk_free),
      diskFreeLimit: num(n.disk_free_limit),
    }),
  );
  return filtered(rows, (row) => row.name, filter);
}
