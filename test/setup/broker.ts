import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

export interface BrokerInfo {
  port: number;
  mgmtPort: number;
  /** A free port for an extra listener (TLS), when asked for one. */
  extraPort: number;
  /** Environment for scripts/broker.sh to address this instance (ctl, plugins). */
  env: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    broker: BrokerInfo;
  }
}

/** Ports nobody listens on right now, so the test broker never touches a developer's own. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export interface BrokerOptions {
  /** Extra rabbitmq.conf lines, given the extra port. */
  conf?: (extraPort: number) => string;
  plugins?: string;
}

/** Starts a broker of its own for the test run; returns the teardown that destroys it. */
export async function startBroker(name: string, options: BrokerOptions = {}): Promise<{ info: BrokerInfo; stop: () => void }> {
  const [port, mgmtPort, distPort, epmdPort, extraPort] = (await freePorts(5)) as [number, number, number, number, number];
  const env: Record<string, string> = {
    MQCLI_BROKER_NAME: name,
    MQCLI_BROKER_PORT: String(port),
    MQCLI_BROKER_MGMT_PORT: String(mgmtPort),
    MQCLI_BROKER_DIST_PORT: String(distPort),
    MQCLI_BROKER_EPMD_PORT: String(epmdPort),
    MQCLI_BROKER_FRESH: '1',
  };
  if (options.conf !== undefined) env.MQCLI_BROKER_CONF = options.conf(extraPort);
  if (options.plugins !== undefined) env.MQCLI_BROKER_PLUGINS = options.plugins;
  const script = (command: string) =>
    execFileSync('bash', ['scripts/broker.sh', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  script('start');
  return { info: { port, mgmtPort, extraPort, env }, stop: () => script('destroy') };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const { info, stop } = await startBroker(`test-${process.pid}`);
  project.provide('broker', info);
  return stop;
}
