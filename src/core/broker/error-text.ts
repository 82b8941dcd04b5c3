/** Where we were connecting, for messages that name it. */
export interface Target {
  host: string;
  port: number;
  vhost: string;
  user: string;
  timeout: number;
  auth?: 'plain' | 'external';
  servername?: string | undefined;
  /** Every node of a list, when there are several. */
  endpoints?: readonly { host: string; port: number }[] | undefined;
}

/** `host:port`, as every connection message names the broker. */
export const whereOf = (target: Target): string => `${target.host}:${target.port}`;

/** Node's error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`…), when the error has one. */
export const codeOf = (error: unknown): string | undefined => (error as { code?: unknown }).code as string | undefined;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
