import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrokerInfo } from '../setup/broker.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * SIGSTOPs a test broker's Erlang VM (a broker of the test file's own, never the shared one): its
 * sockets stay open but nothing answers, as with a hung broker. Returns the thaw (SIGCONT), safe
 * to call twice; call it in a `finally`.
 */
export function freezeBroker(broker: BrokerInfo): () => void {
  const dir = broker.env.MQCLI_BROKER_DIR ?? resolve(ROOT, '.broker', broker.env.MQCLI_BROKER_NAME as string);
  const pid = Number(readFileSync(resolve(dir, 'rabbitmq.pid'), 'utf8').trim());
  process.kill(pid, 'SIGSTOP');
  let frozen = true;
  return () => {
    if (frozen) process.kill(pid, 'SIGCONT');
    frozen = false;
  };
}
