import { Option, type Command } from 'commander';
import { NUMBER_RULES } from '../core/settings/validate.js';
import { integer } from './parsers.js';

/** The options every command takes, defined once on the program. */
export interface GlobalOptions {
  url?: string;
  host?: string;
  port?: number;
  vhost?: string;
  user?: string;
  password?: string;
  profile?: string;
  config?: string;
  heartbeat?: number;
  timeout?: number;
  apiUrl?: string;
  auth?: 'plain' | 'external';
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  servername?: string;
  insecure?: boolean;
  passwordStdin?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
}

// No commander defaults here: a default would hide the environment and rc file (the resolver
// applies defaults last).
export function addGlobalOptions(program: Command): Command {
  return program
    .optionsGroup('Connection options (also MQ_* variables, .env, .rabbitclirc):')
    .addOption(new Option('--url <url>', 'broker URL (MQ_URL): amqp[s]://user:pass@host:port/vhost'))
    .addOption(new Option('--host <host>', 'broker host (MQ_HOST; default localhost)'))
    .addOption(new Option('--port <port>', 'broker port (MQ_PORT; default 5672)').argParser(integer(NUMBER_RULES.port)))
    .addOption(new Option('--vhost <vhost>', 'virtual host (MQ_VHOST; default /)'))
    .addOption(new Option('--user <user>', 'user name (MQ_USER or MQ_NAME; default guest)'))
    .addOption(
      new Option('--password <password>', 'password (MQ_PASSWORD); on the command line it is visible to other processes, prefer MQ_PASSWORD or the rc file'),
    )
    .addOption(new Option('--password-stdin', 'read the password from the first line of stdin'))
    .addOption(new Option('--profile <name>', 'use this profile of the rc file (MQ_PROFILE)'))
    .addOption(new Option('--config <file>', 'read settings from this rc file instead of searching for .rabbitclirc'))
    .addOption(new Option('--heartbeat <seconds>', 'heartbeat interval, 0 to turn off (default 60)').argParser(integer(NUMBER_RULES.heartbeat)))
    .addOption(new Option('--timeout <ms>', 'connect timeout in milliseconds (default 10000)').argParser(integer(NUMBER_RULES.timeout)))
    .addOption(new Option('--api-url <url>', 'management HTTP API, for list commands (MQ_API_URL; default http://<host>:15672)'))
    .optionsGroup('TLS options (amqps:// URLs):')
    .addOption(new Option('--ca <file>', 'CA certificate(s) to verify the broker with (PEM)'))
    .addOption(new Option('--cert <file>', 'client certificate (PEM)'))
    .addOption(new Option('--key <file>', 'client private key (PEM)'))
    .addOption(new Option('--passphrase <text>', 'passphrase of the private key (MQ_KEY_PASSPHRASE)'))
    .addOption(new Option('--servername <name>', 'host name to expect in the broker certificate (default: the host)'))
    .addOption(new Option('--insecure', 'do not verify the broker certificate (warns every time; for tests only)'))
    .addOption(new Option('--auth <mechanism>', 'plain (user and password) or external (the client certificate)').choices(['plain', 'external']))
    .optionsGroup('Output options:')
    .addOption(new Option('-q, --quiet', 'print nothing on stderr but errors and warnings'))
    .addOption(new Option('-v, --verbose', 'print details, and stack traces with errors'))
    .addOption(new Option('--no-color', 'no colours (also NO_COLOR)'))
    .optionsGroup('Options:');
}

/** The connection-related flags, as the settings resolver takes them. */
export function connectionFlags(options: GlobalOptions) {
  const { url, host, port, vhost, user, password, profile, heartbeat, timeout, apiUrl, auth, ca, cert, key, passphrase, servername, insecure } = options;
  return { url, host, port, vhost, user, password, profile, heartbeat, timeout, apiUrl, auth, ca, cert, key, passphrase, servername, insecure };
}
