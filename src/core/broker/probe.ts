import type { BrokerConnection } from './connection.js';

/** Fails with a clear 404 when `exchange` does not exist (the default exchange always does). */
export async function checkExchange(connection: BrokerConnection, exchange: string): Promise<void> {
  if (exchange === '') return;
  const probe = await connection.channel();
  await probe.checkExchange(exchange);
  await probe.close();
}
