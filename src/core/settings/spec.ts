/**
 * Every setting, declared once. The command-line options, the environment and rc-file layers,
 * the defaults, the rc-file schema and `mqcli config` are all derived from this table, so a new
 * setting is one new row. Pure data: the start-up path (`mqcli --help`) reads it.
 */

/** A whole number within a range; `expected` is how the range reads in an error. */
export interface IntegerRule {
  min: number;
  max: number;
  expected: string;
}

export type SettingType = 'string' | 'integer' | 'boolean';

/** Where a flag is listed in `mqcli --help`. */
export type HelpGroup = 'connection' | 'tls' | 'output';

export interface FlagSpec {
  /** As commander takes it: `--port <port>`, `-q, --quiet`. */
  flags: string;
  description: string;
  group: HelpGroup;
  /** Listed after the other flags of its group (0 first). */
  rank?: number;
  /**
   * A command that gives the flag a meaning of its own (`request --timeout <seconds>`): commander
   * hands any `--timeout` to the global option, so its value is kept as written and checked when
   * the settings are resolved, and that command reads it its own way.
   */
  ownedBy?: string;
}

export interface SettingSpec {
  key: string;
  /**
   * connection: a field of the resolved connection, merged from every source.
   * source: a way a source states connection fields (a URL, a password indirection).
   * cli: read by the command line itself (a profile, a log level), never merged.
   */
  role: 'connection' | 'source' | 'cli';
  type: SettingType;
  flag?: FlagSpec;
  /** Environment variables, first set one wins. */
  env?: readonly string[];
  /** Its key in an rc file; `tls.ca` is `ca` inside a `tls:` mapping. */
  rc?: string;
  rule?: IntegerRule;
  choices?: readonly string[];
  default?: string | number | boolean;
  /** No fixed default: the resolver derives one from the other settings. */
  derived?: boolean;
  /** Never shown, always `***`. */
  secret?: boolean;
  /** A file: relative to the rc file when it comes from one, else to the current folder. */
  path?: boolean;
  /** Another way to give that setting; a source may use only one of them. */
  gives?: string;
  /**
   * Several values: `repeatable` ones take commas and a repeated flag, and `rcList` names the rc
   * key that lists them (`urls:`); `commas` ones take a comma-separated list only.
   */
  list?: 'repeatable' | 'commas';
  rcList?: string;
}

// biome-ignore format: one row per setting, a table to read across
export const SETTINGS = [
  // Several URLs are the nodes of a cluster, tried in order (see endpoints.ts).
  { key: 'url', role: 'source', type: 'string', env: ['MQ_URL'], rc: 'url', list: 'repeatable', rcList: 'urls',
    flag: { flags: '--url <url>', description: 'broker URL (MQ_URL): amqp[s]://user:pass@host:port/vhost; repeat it, or separate by commas, for the nodes of a cluster', group: 'connection' } },
  { key: 'host', role: 'connection', type: 'string', env: ['MQ_HOST'], rc: 'host', default: 'localhost', list: 'commas',
    flag: { flags: '--host <host>', description: 'broker host (MQ_HOST; default localhost); a,b,c for the nodes of a cluster, one port', group: 'connection' } },
  { key: 'port', role: 'connection', type: 'integer', env: ['MQ_PORT'], rc: 'port', default: 5672,
    rule: { min: 1, max: 65_535, expected: 'a port number from 1 to 65535' },
    flag: { flags: '--port <port>', description: 'broker port (MQ_PORT; default 5672)', group: 'connection' } },
  { key: 'vhost', role: 'connection', type: 'string', env: ['MQ_VHOST'], rc: 'vhost', default: '/',
    flag: { flags: '--vhost <vhost>', description: 'virtual host (MQ_VHOST; default /)', group: 'connection' } },
  // MQ_NAME is the tutorial's name for the user.
  { key: 'user', role: 'connection', type: 'string', env: ['MQ_USER', 'MQ_NAME'], rc: 'user', default: 'guest',
    flag: { flags: '--user <user>', description: 'user name (MQ_USER or MQ_NAME; default guest)', group: 'connection' } },
  { key: 'password', role: 'connection', type: 'string', env: ['MQ_PASSWORD'], rc: 'password', default: 'guest', secret: true,
    flag: { flags: '--password <password>', group: 'connection',
      description: 'password (MQ_PASSWORD); on the command line it is visible to other processes, prefer MQ_PASSWORD or the rc file' } },
  { key: 'passwordStdin', role: 'cli', type: 'boolean',
    flag: { flags: '--password-stdin', description: 'read the password from the first line of stdin', group: 'connection' } },
  { key: 'profile', role: 'cli', type: 'string', env: ['MQ_PROFILE'],
    flag: { flags: '--profile <name>', description: 'use this profile of the rc file (MQ_PROFILE)', group: 'connection' } },
  { key: 'config', role: 'cli', type: 'string',
    flag: { flags: '--config <file>', description: 'read settings from this rc file instead of searching for .rabbitclirc', group: 'connection' } },
  { key: 'heartbeat', role: 'connection', type: 'integer', env: ['MQ_HEARTBEAT'], rc: 'heartbeat', default: 60,
    rule: { min: 0, max: 65_535, expected: 'whole seconds from 0 (off) to 65535' },
    flag: { flags: '--heartbeat <seconds>', description: 'heartbeat interval, 0 to turn off (default 60)', group: 'connection' } },
  { key: 'timeout', role: 'connection', type: 'integer', env: ['MQ_TIMEOUT'], rc: 'timeout', default: 10_000,
    rule: { min: 1, max: 3_600_000, expected: 'whole milliseconds from 1 to 3600000' },
    flag: { flags: '--timeout <ms>', description: 'connect timeout in milliseconds (default 10000)', group: 'connection', ownedBy: 'request' } },
  { key: 'shuffle', role: 'connection', type: 'boolean', rc: 'shuffle', default: false,
    flag: { flags: '--shuffle', description: 'try the nodes of a URL or host list in random order, to spread many clients', group: 'connection', rank: 1 } },
  // Only a URL states the protocol.
  { key: 'protocol', role: 'connection', type: 'string', choices: ['amqp', 'amqps'], default: 'amqp' },
  // By default http(s)://<host>:15672.
  { key: 'apiUrl', role: 'connection', type: 'string', env: ['MQ_API_URL'], rc: 'apiUrl', derived: true,
    flag: { flags: '--api-url <url>', description: 'management HTTP API, for list commands (MQ_API_URL; default http://<host>:15672)', group: 'connection' } },
  // SASL: a password (PLAIN), or the TLS client certificate (EXTERNAL).
  { key: 'auth', role: 'connection', type: 'string', choices: ['plain', 'external'], rc: 'auth', default: 'plain',
    flag: { flags: '--auth <mechanism>', description: 'plain (user and password) or external (the client certificate)', group: 'tls', rank: 1 } },
  // The password from this environment variable, or the first line this command prints.
  { key: 'passwordEnv', role: 'source', type: 'string', rc: 'passwordEnv', gives: 'password' },
  { key: 'passwordCommand', role: 'source', type: 'string', rc: 'passwordCommand', gives: 'password' },
  { key: 'ca', role: 'connection', type: 'string', rc: 'tls.ca', path: true,
    flag: { flags: '--ca <file>', description: 'CA certificate(s) to verify the broker (and an https:// --api-url) with (PEM)', group: 'tls' } },
  { key: 'cert', role: 'connection', type: 'string', rc: 'tls.cert', path: true,
    flag: { flags: '--cert <file>', description: 'client certificate (PEM)', group: 'tls' } },
  { key: 'key', role: 'connection', type: 'string', rc: 'tls.key', path: true,
    flag: { flags: '--key <file>', description: 'client private key (PEM)', group: 'tls' } },
  { key: 'passphrase', role: 'connection', type: 'string', env: ['MQ_KEY_PASSPHRASE'], rc: 'tls.passphrase', secret: true,
    flag: { flags: '--passphrase <text>', description: 'passphrase of the private key (MQ_KEY_PASSPHRASE)', group: 'tls' } },
  { key: 'servername', role: 'connection', type: 'string', rc: 'tls.servername',
    flag: { flags: '--servername <name>', description: 'host name to expect in the broker certificate (default: the host)', group: 'tls' } },
  { key: 'insecure', role: 'connection', type: 'boolean', rc: 'tls.insecure', default: false,
    flag: { flags: '--insecure', description: 'do not verify the broker or management API certificate (warns every time; for tests only)', group: 'tls' } },
  { key: 'quiet', role: 'cli', type: 'boolean',
    flag: { flags: '-q, --quiet', description: 'print nothing on stderr but errors and warnings', group: 'output' } },
  { key: 'verbose', role: 'cli', type: 'boolean',
    flag: { flags: '-v, --verbose', description: 'print details, and stack traces with errors', group: 'output' } },
  { key: 'color', role: 'cli', type: 'boolean', flag: { flags: '--no-color', description: 'no colours (also NO_COLOR)', group: 'output' } },
] as const satisfies readonly SettingSpec[];
