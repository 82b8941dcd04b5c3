import type { ConnectionOptions } from 'node:tls';
import type { credentials as Credentials, Options, SocketOptions } from 'amqplib';
import type { ConnectionSettings } from '../settings/types.js';
import { version } from '../version.js';

/**
 * What amqplib's `connect` takes for these settings. Credentials go as an object, never through a
 * URL, so a password with any characters (`p@ss:wörd/%`) reaches the broker unchanged; `tls` is
 * what tlsOptions() read for an amqps:// connection.
 */
export function connectOptions(
  settings: ConnectionSettings,
  name: string,
  credentials: typeof Credentials,
  tls: ConnectionOptions = {},
): { url: Options.Connect; socket: SocketOptions } {
  return {
    url: {
      protocol: settings.protocol,
      hostname: settings.host,
      port: settings.port,
      // amqplib percent-decodes the vhost it is given, so encode it to have it arrive as written.
      vhost: encodeURIComponent(settings.vhost),
      heartbeat: settings.heartbeat,
    },
    socket: {
      timeout: settings.timeout,
      noDelay: true,
      credentials: settings.auth === 'external' ? credentials.external() : credentials.plain(settings.user, settings.password),
      ...tls,
      clientProperties: {
        connection_name: name,
        product: 'mqcli',
        version: version(),
        information: 'https://www.npmjs.com/package/mqcli',
      },
    },
  };
}
