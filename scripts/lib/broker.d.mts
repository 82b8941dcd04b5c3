// Types of broker.mjs, for the TypeScript tests that import it.

export interface StartedBroker {
  port: number;
  mgmtPort: number;
  /** A free port for an extra listener (TLS), given to `conf`. */
  extraPort: number;
  url: string;
  /** The MQCLI_BROKER_* variables that address this instance for scripts/broker.sh (ctl, plugins). */
  env: Record<string, string>;
}

export interface StartOptions {
  name: string;
  /** Extra rabbitmq.conf lines, given the extra port. */
  conf?: (extraPort: number) => string;
  plugins?: string;
  /** The repository (default: this one). */
  root?: string;
}

export function freePorts(count: number): Promise<number[]>;
export function startBroker(options: StartOptions): { ready: Promise<StartedBroker>; destroy: () => void };
