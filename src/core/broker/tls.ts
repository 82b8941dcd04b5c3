import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import type { ConnectionSettings } from '../settings/types.js';

/** The TLS settings, as the broker connection and the management API client take them. */
export type TlsSettings = Pick<ConnectionSettings, 'ca' | 'cert' | 'key' | 'passphrase' | 'servername' | 'insecure'>;

/** Node TLS options for an amqps:// connection, with the CA, certificate and key files read. */
export function tlsOptions(settings: ConnectionSettings): ConnectionOptions {
  if (settings.protocol !== 'amqps') return {};
  return tlsFileOptions(settings);
}

/** Node TLS options from the TLS settings, whatever the protocol: the files read, the passphrase checked. */
export function tlsFileOptions(settings: TlsSettings): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: !settings.insecure };
  if (settings.ca !== undefined) options.ca = read(settings.ca, 'CA certificate');
  if (settings.cert !== undefined) options.cert = read(settings.cert, 'client certificate');
  const key = settings.key === undefined ? undefined : read(settings.key, 'private key');
  if (key !== undefined) options.key = key;
  if (settings.passphrase !== undefined) {
    options.passphrase = settings.passphrase;
    if (key !== undefined) checkPassphrase(key, settings.passphrase);
  }
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

/**
 * Decrypts the key once before connecting. A wrong passphrase usually fails OpenSSL's padding check
 * ("bad decrypt"), but about one time in 256 the padding happens to look right and the garbage
 * fails later as a malformed key: for an encrypted key, either way means the passphrase is wrong.
 */
function checkPassphrase(key: Buffer, passphrase: string): void {
  try {
    createPrivateKey({ key, passphrase });
  } catch (error) {
    if (!/ENCRYPTED/.test(key.toString('latin1'))) return;
    throw new ConfigError('cannot decrypt the private key: wrong passphrase', {
      cause: error,
      hint: 'Give it with --passphrase or MQ_KEY_PASSPHRASE (tls.passphrase in the rc file)',
    });
  }
}
