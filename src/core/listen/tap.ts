import type { BrokerConnection } from '../broker/connection.js';
import { checkExchange } from '../broker/probe.js';
import type { Source } from '../consumer/source.js';
import type { Run } from '../context.js';
import { BrokerError } from '../errors.js';
import { oneLine } from '../escape.js';
import { segment } from '../management/client.js';
import { clusterOf, verifiedApi } from '../management/verify.js';

/** One binding of the tap's temporary queue to the tapped exchange. */
export interface TapBinding {
  key: string;
  args?: Record<string, unknown> | undefined;
}

/** How `listen --exchange` binds, and what to tell the user about what it will not see. */
export interface Tap {
  bindings: TapBinding[];
  note?: string | undefined;
  warning?: string | undefined;
}

/** Keys listed on stderr before "and n more". */
const SHOWN_KEYS = 20;

const NAME_KEYS = 'name the keys to see with --binding <key> (repeatable)';

/**
 * What sees every message an exchange of `type` routes. A direct exchange routes a key only to
 * exact matches, so the tap can only follow the keys that `keys` (its bindings, to queues and to
 * exchanges) use; binding no others also leaves unroutable keys unroutable (alternate exchange, mandatory).
 */
export function tapFor(exchange: string, type: string, keys: readonly string[]): Tap {
  const name = `exchange '${oneLine(exchange)}'`;
  switch (type) {
    case 'topic':
      return { bindings: [{ key: '#' }] };
    case 'fanout':
      return { bindings: [{ key: '' }] };
    case 'headers':
      // x-match=all with no header to compare matches every message, with headers or without.
      return { bindings: [{ key: '', args: { 'x-match': 'all' } }] };
    case 'direct': {
      const used = [...new Set(keys)].sort();
      if (used.length === 0) return { bindings: [], warning: `${name} is direct and nothing is bound to it, so the tap sees nothing: ${NAME_KEYS}` };
      const shown = used.slice(0, SHOWN_KEYS).map((key) => `'${oneLine(key)}'`);
      const more = used.length > SHOWN_KEYS ? ` and ${used.length - SHOWN_KEYS} more` : '';
      return {
        bindings: used.map((key) => ({ key })),
        note:
          `${name} is direct: the tap is bound to the ${used.length === 1 ? 'routing key' : `${used.length} routing keys`} its bindings use ` +
          `(${shown.join(', ')}${more}); messages with other keys, keys bound from now on too, are not seen; --binding <key> binds keys of your choosing instead`,
      };
    }
    default:
      return everyType(`mqcli does not know how an exchange of type '${oneLine(type)}' routes`);
  }
}

/** Without the exchange's type: '#' sees all on topic, '' (no arguments) all on fanout and headers; direct sees those two keys only. */
function everyType(why: string): Tap {
  return {
    bindings: [{ key: '#' }, { key: '' }],
    warning: `${why}; the tap is bound to '#' and the empty key, which see every message on a topic, fanout or headers exchange but on a direct exchange only those two keys: ${NAME_KEYS}`,
  };
}

interface ApiExchange {
  type: string;
}

/** The tap's bindings: those of --binding, else what the exchange's type needs, learned from the management API. */
export async function planTap(run: Run, connection: BrokerConnection, exchange: string, given: readonly string[] | undefined): Promise<Tap> {
  if (given !== undefined) return { bindings: given.map((key) => ({ key })) };
  const resolved = await run.settings();
  const path = `/api/exchanges/${segment(resolved.connection.vhost)}/${segment(exchange)}`;
  try {
    const api = await verifiedApi(run, resolved, clusterOf(connection));
    const { type } = await api.get<ApiExchange>(path);
    const keys = type === 'direct' ? (await api.get<{ routing_key: string }[]>(`${path}/bindings/source`)).map((binding) => binding.routing_key) : [];
    return tapFor(exchange, type, keys);
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    return everyType(`the type of exchange '${oneLine(exchange)}' is unknown without the management API (${error.message})`);
  }
}

/**
 * The source of `listen --exchange`: a server-named, exclusive, auto-delete queue that lives
 * exactly as long as the tap, bound as `planTap` decides once (a reconnect binds the same keys).
 */
export function tapSource(run: Run, exchange: string, given: readonly string[] | undefined): Source {
  let tap: Tap | undefined;
  return {
    label: `exchange '${exchange}'`,
    queue: undefined,
    async prepare(connection) {
      await checkExchange(connection, exchange);
      if (tap === undefined) {
        tap = await planTap(run, connection, exchange, given);
        if (tap.note !== undefined) run.log.info(tap.note);
        if (tap.warning !== undefined) run.log.warn(tap.warning);
      }
      return 'exists';
    },
    async queueOn(channel) {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      for (const { key, args } of tap?.bindings ?? []) await channel.bindQueue(queue, exchange, key, args);
      return queue;
    },
  };
}
