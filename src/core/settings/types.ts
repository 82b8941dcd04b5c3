/** Everything needed to open a connection, after every source has been applied. */
export interface ConnectionSettings {
  protocol: 'amqp' | 'amqps';
  host: string;
  port: number;
  vhost: string;
  user: string;
  password: string;
  /** Heartbeat in seconds; 0 turns heartbeats off. */
  heartbeat: number;
  /** Connect timeout in milliseconds. */
  timeout: number;
  /** The management HTTP API (for listings); by default http(s)://<host>:15672. */
  apiUrl: string;
}

export type SettingKey = keyof ConnectionSettings;

/** The fields a source may give one by one (the protocol only comes with a URL). */
export const FIELD_KEYS = ['host', 'port', 'vhost', 'user', 'password', 'heartbeat', 'timeout', 'apiUrl'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** What one source says, before validation. Numbers may still be strings (from the environment). */
export interface RawLayer {
  url?: string | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
  vhost?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  heartbeat?: string | number | undefined;
  timeout?: string | number | undefined;
  apiUrl?: string | undefined;
}

export type SourceKind = 'flag' | 'env' | 'dotenv' | 'rc' | 'default';

/** Where a value came from, for `mqcli config` and for error messages. */
export interface Source {
  kind: SourceKind;
  /** The flag, variable or file that said it: `--port`, `MQ_URL`, `/home/me/.rabbitclirc`. */
  name: string;
  /** The rc profile, when the value came from one. */
  profile?: string | undefined;
  /** True when the value was part of a URL. */
  viaUrl?: boolean | undefined;
}

/** A source as the resolver sees it: its values plus, for each, the name to report. */
export interface Layer {
  kind: SourceKind;
  values: RawLayer;
  /** Name reported for a key, e.g. `port` → `MQ_PORT`. */
  nameOf: (key: keyof RawLayer) => string;
  /** Per-key profile attribution (rc files only). */
  profileOf?: (key: keyof RawLayer) => string | undefined;
}

export interface ResolvedSettings {
  connection: ConnectionSettings;
  sources: Record<SettingKey, Source>;
  profile: string | undefined;
  rcFile: string | undefined;
}
