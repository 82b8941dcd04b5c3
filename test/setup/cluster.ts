import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePorts } from '../../scripts/lib/broker.mjs';

export interface ClusterNode {
  /** 1-based, as scripts/cluster.sh counts (`cluster.sh kill 1`). */
  index: number;
  /** Erlang node name, as cluster_status lists it. */
  name: string;
  port: number;
  mgmtPort: number;
  /**
   * Environment that addresses this node: scripts/cluster.sh's settings for the whole cluster
   * plus the MQCLI_BROKER_* ones that make `scripts/broker.sh ctl` talk to this node.
   */
  env: Record<string, string>;
}

export interface ClusterInfo {
  nodes: ClusterNode[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

const script = fileURLToPath(new URL('../../scripts/cluster.sh', import.meta.url));

/** Runs scripts/cluster.sh with `env`; its progress goes to the test run's stderr. */
export function clusterScript(env: Record<string, string>, ...args: string[]): string {
  return execFileSync('bash', [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Starts a three-node cluster of its own on free ports; returns the teardown that destroys it. */
export async function startCluster(name: string, size = 3): Promise<{ info: ClusterInfo; stop: () => void }> {
  const ports = await freePorts(3 * size + 1);
  const env: Record<string, string> = {
    MQCLI_CLUSTER_NAME: name,
    MQCLI_CLUSTER_SIZE: String(size),
    MQCLI_CLUSTER_EPMD_PORT: String(ports[3 * size]),
    MQCLI_CLUSTER_FRESH: '1',
  };
  for (let i = 1; i <= size; i++) {
    env[`MQCLI_CLUSTER_PORT_${i}`] = String(ports[3 * i - 3]);
    env[`MQCLI_CLUSTER_MGMT_PORT_${i}`] = String(ports[3 * i - 2]);
    env[`MQCLI_CLUSTER_DIST_PORT_${i}`] = String(ports[3 * i - 1]);
  }
  const stop = () => void clusterScript(env, 'destroy');
  try {
    clusterScript(env, 'start');
  } catch (error) {
    stop();
    throw error;
  }
  const nodes = Array.from({ length: size }, (_, n): ClusterNode => {
    const index = n + 1;
    const nodeEnv = Object.fromEntries(
      clusterScript(env, 'env', String(index))
        .trim()
        .split('\n')
        .map((line) => {
          const at = line.indexOf('=');
          return [line.slice(0, at), line.slice(at + 1)];
        }),
    );
    return {
      index,
      name: `mqcli-${name}-${index}@localhost`,
      port: Number(ports[3 * n]),
      mgmtPort: Number(ports[3 * n + 1]),
      env: { ...env, ...nodeEnv, MQCLI_CLUSTER_FRESH: '' },
    };
  });
  return { info: { nodes }, stop };
}

export default async function setup(project: TestProject): Promise<() => void> {
  // The failover tests run the built binary: build it first, as test/setup/broker.ts does.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
  });
  // Not test-<pid>: that is the shared broker's name and folder (test/setup/broker.ts).
  const { info, stop } = await startCluster(`cluster-${process.pid}`);
  project.provide('cluster', info);
  return stop;
}
