import type { credentials as Credentials, Options, SocketOptions } from 'amqplib';
import type { ConnectionSettings } from '../settings/types.js';
import { version } from '../version.js';

/**
 * What amqplib's `connect` takes for these settings. Credentials go as an object, never through a
 * URL, so a password with any characters (`p@ss:wörd/%`) reaches the broker unchanged.
 */
export function connectOptions(
  settings: ConnectionSettings,
  name: string,
  credentials: typeof Credentials,
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
      credentials: credentials.plain(settings.user, settings.password),
      clientProperties: {
        connection_name: name,
        product: 'mqcli',
        version: version(),
        information: 'https://www.npmjs.com/package/mqcli',
      },
    },
  };
}
