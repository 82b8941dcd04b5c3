// `mqcli health` on a three-node cluster: a node down, and the quorum queues that one more node
// loss would make unavailable, checked against the broker's own node-is-quorum-critical check.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../helpers/amqp.js';
import { runningNodes } from '../helpers/cluster.js';
import { bringBack, declareOn, kill, startOn } from '../helpers/cluster-cli.js';
import { waitFor } from '../helpers/wait.js';
import type { ClusterNode } from '../setup/cluster.js';

const { nodes } = inject('cluster');
const [, node2, node3] = nodes as [ClusterNode, ClusterNode, ClusterNode];
const api = `http://127.0.0.1:${node2.mgmtPort}`;
const health = () => startOn(`amqp://guest:guest@127.0.0.1:${node2.port}`, ['health', '--json'], { env: { MQ_API_URL: api } }).done;

afterAll(async () => {
  if (!runningNodes(node2).includes(node3.name)) await bringBack(node3);
});

describe('health on a cluster', () => {
  it('is exit 0 with every node up, and 1 naming the node down and the quorum queue one loss from unavailable', async () => {
    const queue = uniqueName('qq-health');
    await declareOn(node2, queue, 'quorum');
    // The tests before this one kill and bring back nodes: wait for the cluster to settle.
    await waitFor(async () => (await health()).code === 0, 90_000, 'health to see a settled cluster');
    const ok = await health();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ healthy: true, nodes: { down: [] }, quorumCritical: [] });
    expect(JSON.parse(ok.stdout).nodes.running).toHaveLength(3);

    kill(node3);
    await waitFor(async () => (await health()).code === 1, 60_000, 'health to see node 3 down');
    const down = await health();
    const report = JSON.parse(down.stdout);
    expect(report.healthy).toBe(false);
    expect(report.nodes.down).toEqual([node3.name]);
    // Other tests' quorum queues may be listed first: wait for this one.
    const critical = async () => JSON.parse((await health()).stdout).quorumCritical as { name: string }[];
    await waitFor(async () => (await critical()).some((entry) => entry.name === queue), 60_000, 'the quorum queue to lose a member');
    expect(JSON.parse((await health()).stdout).quorumCritical).toContainEqual({ name: queue, vhost: '/', members: 3, online: 2 });
    // The broker's own check, for the node serving the API, names the same queue.
    const own = await fetch(`${api}/api/health/checks/node-is-quorum-critical`, {
      headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
    });
    expect(own.status).toBe(503);
    expect(JSON.stringify(await own.json())).toContain(queue);

    await bringBack(node3);
    await waitFor(async () => (await health()).code === 0, 60_000, 'health to be back');
  }, 240_000);
});
