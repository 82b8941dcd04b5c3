// A first smoke test of the test cluster itself, with amqplib only: what a quorum queue holds
// survives a kill -9 of its leader's node, and the node comes back into the cluster.
import type { ConsumeMessage } from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../helpers/amqp.js';
import { killNode, nodeCtl, restartNode, runningNodes, withNode } from '../helpers/cluster.js';
import type { ClusterNode } from '../setup/cluster.js';
import { waitFor } from '../helpers/wait.js';

const { nodes } = inject('cluster');
const [node1, node2, node3] = nodes as [ClusterNode, ClusterNode, ClusterNode];
const count = 1000;

/** Which node leads quorum queue `queue`, as `node` sees it. */
function leaderOf(node: ClusterNode, queue: string): string | undefined {
  const rows = JSON.parse(nodeCtl(node, 'list_queues', 'name', 'leader', '--formatter', 'json')) as { name: string; leader: string }[];
  return rows.find((row) => row.name === queue)?.leader;
}

/**
 * Consumes (and acks) `queue` through `node` until `seen` holds `expected` bodies. While the
 * queue has no leader a consumer can fail or hear nothing; each such attempt ends (error, or
 * 5 s without a delivery) and the next one starts on a new connection.
 */
async function consumeAll(
  node: ClusterNode,
  queue: string,
  seen: Map<string, number>,
  expected: number,
  timeoutMs: number,
): Promise<{ attempts: number; errors: string[]; firstAt?: number }> {
  const deadline = Date.now() + timeoutMs;
  const errors: string[] = [];
  let attempts = 0;
  let firstAt: number | undefined;
  while (seen.size < expected && Date.now() < deadline) {
    attempts++;
    try {
      await withNode(node, async (connection) => {
        const channel = await connection.createChannel();
        channel.on('error', () => {});
        await channel.prefetch(200);
        await new Promise<void>((resolve, reject) => {
          let idle = setTimeout(() => reject(new Error('5 s without a delivery')), 5_000);
          channel.on('close', () => reject(new Error('channel closed')));
          const onMessage = (message: ConsumeMessage | null) => {
            if (message === null) return reject(new Error('consumer cancelled by the broker'));
            firstAt ??= Date.now();
            const body = message.content.toString();
            seen.set(body, (seen.get(body) ?? 0) + 1);
            channel.ack(message);
            clearTimeout(idle);
            if (seen.size >= expected) return resolve();
            idle = setTimeout(() => reject(new Error('5 s without a delivery')), 5_000);
          };
          channel.consume(queue, onMessage).catch(reject);
        }).finally(() => channel.close().catch(() => {}));
      });
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { attempts, errors, firstAt };
}

describe('the test cluster', () => {
  it('starts with three running nodes', () => {
    expect(runningNodes(node1)).toEqual(nodes.map((node) => node.name).sort());
  });

  it('keeps every message of a quorum queue when its leader is killed, and takes the node back', async () => {
    const queue = uniqueName('quorum');
    await withNode(node1, async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    });
    expect(leaderOf(node2, queue)).toBe(node1.name);

    await withNode(node2, async (connection) => {
      const channel = await connection.createConfirmChannel();
      for (let n = 1; n <= count; n++) channel.sendToQueue(queue, Buffer.from(String(n)), { persistent: true });
      await channel.waitForConfirms();
    });

    const killedAt = Date.now();
    killNode(node1);
    const seen = new Map<string, number>();
    const { attempts, errors, firstAt } = await consumeAll(node3, queue, seen, count, 90_000);
    const doneAt = Date.now();
    console.info(
      `quorum failover: first message ${firstAt === undefined ? 'never' : `${firstAt - killedAt} ms`} after the kill, ` +
        `all ${seen.size} in ${doneAt - killedAt} ms, ${attempts} attempt(s)${errors.length ? `: ${errors.join('; ')}` : ''}`,
    );
    expect([...seen.keys()].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(leaderOf(node3, queue)).not.toBe(node1.name);

    restartNode(node1);
    await waitFor(() => runningNodes(node3).length === 3, 60_000, 'three running nodes');
    expect(runningNodes(node1)).toEqual(nodes.map((node) => node.name).sort());
  });
});
