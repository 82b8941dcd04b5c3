import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import type { ConnectionSettings } from '../settings/types.js';

/** Node TLS options for an amqps:// connection, with the CA, certificate and key files read. */
export function tlsOptions(settings: ConnectionSettings): ConnectionOptions {
  if (settings.protocol !== 'amqps') return {};
  const options: ConnectionOptions = { rejectUnauthorized: !settings.insecure };
  if (settings.ca !== undefined) options.ca = read(settings.ca, 'CA certificate');
  if (settings.cert !== undefined) options.cert = read(settings.cert, 'client certificate');
  if (settings.key !== undefined) options.key = read(settings.key, 'private key');
  if (settings.passphrase !== undefined) options.passphrase = settings.passphrase;
  if (settings.servername !== undefined) options.servername = settings.servername;
  return options;
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`cannot read the ${what} ${path}: ${whyUnreadable(error)}`, { cause: error });
  }
}
