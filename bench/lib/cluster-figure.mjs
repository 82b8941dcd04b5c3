// The cluster figure: send to a quorum queue on a three-node cluster (scripts/cluster.sh, ports of
// its own) through a URL list, against the amqplib confirm loop to the same queue on the same
// node. The cluster starts and is destroyed here; it costs about a minute and a half of start-up.
import { execFileSync } from 'node:child_process';
import { freePorts } from '../../scripts/lib/broker.mjs';
import { openAdmin } from './admin.mjs';
import { compare, formatCount } from './measure.mjs';
import { NODE, path, SEND_BASELINE } from './paths.mjs';

const SCRIPT = path('scripts/cluster.sh');

/** Starts a three-node cluster; returns its AMQP ports and the function that destroys it. */
async function startCluster(name, log) {
  const ports = await freePorts(10);
  const env = { MQCLI_CLUSTER_NAME: name, MQCLI_CLUSTER_SIZE: '3', MQCLI_CLUSTER_EPMD_PORT: String(ports[9]), MQCLI_CLUSTER_FRESH: '1' };
  for (let i = 1; i <= 3; i++) {
    env[`MQCLI_CLUSTER_PORT_${i}`] = String(ports[3 * i - 3]);
    env[`MQCLI_CLUSTER_MGMT_PORT_${i}`] = String(ports[3 * i - 2]);
    env[`MQCLI_CLUSTER_DIST_PORT_${i}`] = String(ports[3 * i - 1]);
  }
  const script = (...args) => execFileSync('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const destroy = () => script('destroy');
  log(`starting a three-node cluster '${name}'`);
  try {
    script('start');
  } catch (error) {
    destroy();
    throw error;
  }
  return { ports: [ports[0], ports[3], ports[6]], destroy };
}

/** send N × 100 B to a quorum queue on the cluster (node 1 first in the list) vs the amqplib confirm loop to node 1. */
export async function clusterSendFigure(b, { n = b.settings.N, target = 0.9 } = {}) {
  const {
    log,
    results: { record, rateRow },
  } = b;
  // Not the bench broker's name: the cluster's data lives under its name's folder, which it deletes.
  const { ports, destroy } = await startCluster(`bench-cluster-${process.pid}`, log);
  let admin;
  try {
    const urls = ports.map((port) => `amqp://guest:guest@127.0.0.1:${port}`).join(',');
    admin = await openAdmin(`amqp://guest:guest@127.0.0.1:${ports[0]}`);
    const queue = 'bench-quorum';
    const file = b.input(n, 100);
    const label = `send ${formatCount(n)} × 100 B to a quorum queue (3-node cluster)`;
    const results = record(
      label,
      await compare({
        title: label,
        rounds: b.settings.rounds,
        log,
        contenders: [
          { name: 'mqcli', run: () => b.mqcli(['send', queue, '--quiet', '--url', urls], { stdin: file }) },
          {
            name: 'amqplib',
            run: () =>
              b.run(NODE, [SEND_BASELINE, queue, 'persistent', 'quorum'], {
                stdin: file,
                label: 'send-confirm.mjs',
                env: { MQ_HOST: '127.0.0.1', MQ_PORT: String(ports[0]) },
              }),
          },
        ],
        before: () => admin.resetQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } }),
        after: (c) => admin.expectCount(queue, n, `${label}, ${c.name}`),
      }),
    );
    rateRow({
      figure: `${label} vs amqplib confirm loop`,
      n,
      size: 100,
      mqcliMs: results.mqcli.median,
      baseMs: results.amqplib.median,
      baseName: 'amqplib',
      target,
    });
  } finally {
    await admin?.close();
    destroy();
  }
}
