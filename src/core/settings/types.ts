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
  /** SASL mechanism: a password (PLAIN), or the TLS client certificate (EXTERNAL). */
  auth: 'plain' | 'external';
  /** TLS (amqps:// only): files as absolute paths. */
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  passphrase?: string | undefined;
  servername?: string | undefined;
  /** Skip verifying the broker's certificate. */
  insecure: boolean;
}

export type SettingKey = keyof ConnectionSettings;

/** The settings that only mean something with TLS. */
export const TLS_KEYS = ['ca', 'cert', 'key', 'passphrase', 'servername', 'insecure'] as const;
/** Settings that hold file paths: relative to the rc file when they come from one. */
export const PATH_KEYS = ['ca', 'cert', 'key'] as const;

/** The fields a source may give one by one (the protocol only comes with a URL). */
export const FIELD_KEYS = ['host', 'port', 'vhost', 'user', 'password', 'heartbeat', 'timeout', 'apiUrl', 'auth', ...TLS_KEYS] as const;
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
  auth?: string | undefined;
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  passphrase?: string | undefined;
  servername?: string | undefined;
  insecure?: boolean | undefined;
  /** rc files only: read the password from this environment variable. */
  passwordEnv?: string | undefined;
  /** rc files only: run this command and take the first line it prints as the password. */
  passwordCommand?: string | undefined;
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
  /** The key that gave it, when another than the setting's own (passwordEnv, passwordCommand). */
  field?: string | undefined;
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
  /** The rc file asks for the password to come from a command, which the loader runs. */
  passwordCommand?: { command: string; where: string } | undefined;
  /** Things to tell the user on stderr (an rc file with a password that others can read…). */
  warnings: string[];
}
