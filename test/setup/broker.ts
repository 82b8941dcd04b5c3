import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startBroker as startShared, type StartedBroker } from '../../scripts/lib/broker.mjs';

export type BrokerInfo = Omit<StartedBroker, 'url'>;

declare module 'vitest' {
  export interface ProvidedContext {
    broker: BrokerInfo;
  }
}

export interface BrokerOptions {
  /** Extra rabbitmq.conf lines, given the extra port. */
  conf?: (extraPort: number) => string;
  plugins?: string;
}

/** Starts a broker of its own for the test run; returns the teardown that destroys it. */
export async function startBroker(name: string, options: BrokerOptions = {}): Promise<{ info: BrokerInfo; stop: () => void }> {
  const { ready, destroy } = startShared({ name, ...options });
  const { port, mgmtPort, extraPort, env } = await ready;
  return { info: { port, mgmtPort, extraPort, env }, stop: destroy };
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds dist/ (the integration tests run the built binary, so `vitest --project integration`
 * never tests stale code; `npm test` leaves the build to this), then starts the shared broker.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const { info, stop } = await startBroker(`test-${process.pid}`);
  project.provide('broker', info);
  return stop;
}
