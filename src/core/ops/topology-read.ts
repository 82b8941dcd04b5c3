import { type OpsApi, vhostGet } from './api.js';
import { apiBindings } from './bindings.js';
import { apiPolicies } from './policies.js';
import { tagList } from './access.js';
import { isMigrationQueue } from './migration-state.js';
import { canonical, type QueueSpec, type Topology } from './topology.js';

/** A queue as the management API gives it. */
export interface ApiQueue {
  name: string;
  type?: string;
  durable: boolean;
  auto_delete: boolean;
  exclusive: boolean;
  arguments: Record<string, unknown>;
}

interface ApiExchange {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** The spec of a queue the API gave: x-queue-type becomes the type. */
export function queueSpecOf(q: ApiQueue): QueueSpec {
  const { 'x-queue-type': _type, ...rest } = q.arguments;
  return { name: q.name, type: q.type ?? 'classic', durable: q.durable, autoDelete: q.auto_delete, arguments: rest };
}

/** What to read besides queues, exchanges, bindings, policies and parameters. */
export interface ReadOptions {
  withUsers?: boolean;
  withPasswordHashes?: boolean;
}

/** The built-in exchanges every vhost has; a topology file never names them. */
export const builtIn = (name: string): boolean => name === '' || name.startsWith('amq.');

/**
 * The vhost's topology as the broker has it, in canonical form. Exclusive queues belong to a
 * connection and go with it, and the default exchange's bindings are implicit: neither is topology.
 */
export async function readTopology(ops: OpsApi, options: ReadOptions = {}): Promise<Topology> {
  const [queues, exchanges, bindings, policies, parameters] = await Promise.all([
    vhostGet<ApiQueue[]>(ops, 'queues', '?columns=name,type,durable,auto_delete,exclusive,arguments'),
    vhostGet<ApiExchange[]>(ops, 'exchanges'),
    apiBindings(ops),
    apiPolicies(ops),
    ops.api.get<{ vhost: string; component: string; name: string; value: unknown }[]>('/api/parameters'),
  ]);
  const topology: Topology = {
    // A migration's temporary queue is apply's work in progress, not topology.
    queues: queues.filter((q) => !q.exclusive && !isMigrationQueue(q)).map(queueSpecOf),
    exchanges: exchanges
      .filter((x) => !builtIn(x.name))
      .map((x) => ({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.auto_delete, internal: x.internal, arguments: x.arguments })),
    bindings: bindings
      .filter((b) => b.source !== '')
      .map((b) => ({ source: b.source, destination: b.destination, destinationType: b.destination_type, routingKey: b.routing_key, arguments: b.arguments })),
    policies: policies.map((p) => ({ name: p.name, pattern: p.pattern, applyTo: p['apply-to'], priority: p.priority, definition: p.definition })),
    parameters: parameters.filter((p) => p.vhost === ops.vhost).map((p) => ({ component: p.component, name: p.name, value: p.value })),
  };
  if (options.withUsers === true) {
    const [users, permissions] = await Promise.all([
      ops.api.get<{ name: string; tags?: unknown; password_hash?: string; hashing_algorithm?: string }[]>('/api/users'),
      vhostGet<{ user: string; configure: string; write: string; read: string }[]>(ops, 'vhosts', '/permissions'),
    ]);
    // The hash is copied only when asked for by name: a file in git must not carry it by default.
    topology.users = users.map((u) => ({
      name: u.name,
      tags: tagList(u.tags),
      ...(options.withPasswordHashes === true ? { passwordHash: u.password_hash ?? '', hashingAlgorithm: u.hashing_algorithm } : {}),
    }));
    topology.permissions = permissions.map((p) => ({ user: p.user, configure: p.configure, write: p.write, read: p.read }));
  }
  return canonical(topology);
}
