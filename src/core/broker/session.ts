import { BrokerConnection, type OpenOptions } from './connection.js';
import { operationError } from './error-map.js';
import type { ConnectionSettings } from '../settings/types.js';

/**
 * Opens a connection, runs `work` with it, and closes it whatever happens. A lost connection
 * ends the work with its error; a broker refusal becomes a clear BrokerError.
 */
export async function withConnection<T>(settings: ConnectionSettings, options: OpenOptions, work: (connection: BrokerConnection) => Promise<T>): Promise<T> {
  const connection = await BrokerConnection.open(settings, options);
  try {
    return await Promise.race([work(connection), connection.lost]);
  } catch (error) {
    throw operationError(error);
  } finally {
    await connection.close();
  }
}
