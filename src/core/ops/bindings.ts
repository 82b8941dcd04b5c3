import { compare, filtered, type OpsApi, vhostGet } from './api.js';

/** A binding as the management API gives it. */
export interface ApiBinding {
  source: string;
  destination: string;
  destination_type: 'queue' | 'exchange';
  routing_key: string;
  arguments: Record<string, unknown>;
  properties_key?: string;
}

/** One row of `binding list`; the default exchange's implicit bindings have source ''. */
export interface BindingRow {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: Record<string, unknown>;
}

/** The vhost's bindings as the API gives them. */
export function apiBindings(ops: OpsApi): Promise<ApiBinding[]> {
  return vhostGet<ApiBinding[]>(ops, 'bindings');
}

/** `binding list`: the vhost's bindings, from one source or to one destination; the filter matches the destination. */
export async function bindingList(
  ops: OpsApi,
  options: { source?: string | undefined; destination?: string | undefined; filter?: string | undefined },
): Promise<BindingRow[]> {
  const rows = (await apiBindings(ops))
    .filter(
      (b) => (options.source === undefined || b.source === options.source) && (options.destination === undefined || b.destination === options.destination),
    )
    .map(
      (b): BindingRow => ({
        source: b.source,
        destination: b.destination,
        destinationType: b.destination_type,
        routingKey: b.routing_key,
        arguments: b.arguments,
      }),
    );
  return filtered(rows, (row) => row.destination, options.filter).sort(
    (a, b) => compare(a.source, b.source) || compare(a.destination, b.destination) || compare(a.routingKey, b.routingKey),
  );
}
