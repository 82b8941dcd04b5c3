import { compare } from './api.js';

/** A queue as a topology file declares it; `x-queue-type` is `type`, never among the arguments. */
export interface QueueSpec {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  arguments: Record<string, unknown>;
}

export interface ExchangeSpec {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** A binding from an exchange to a queue or to another exchange. */
export interface BindingSpec {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: Record<string, unknown>;
}

export interface PolicySpec {
  name: string;
  pattern: string;
  applyTo: string;
  priority: number;
  definition: Record<string, unknown>;
}

/** A runtime parameter of the vhost (a shovel, a federation upstream…). */
export interface ParameterSpec {
  component: string;
  name: string;
  value: unknown;
}

/** A user: its password hash only when asked for by name (`--with-password-hashes`). */
export interface UserSpec {
  name: string;
  tags: string[];
  passwordHash?: string;
  hashingAlgorithm?: string;
}

/** A user's permissions on the vhost the file is applied to. */
export interface PermissionSpec {
  user: string;
  configure: string;
  write: string;
  read: string;
}

/** The topology of one vhost. The vhost itself is not in it: a file applies to any vhost. */
export interface Topology {
  queues: QueueSpec[];
  exchanges: ExchangeSpec[];
  bindings: BindingSpec[];
  policies: PolicySpec[];
  parameters: ParameterSpec[];
  users?: UserSpec[];
  permissions?: PermissionSpec[];
}

/** A value with every map's keys sorted, all the way down: two equal values print the same. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => compare(a, b))
      .map(([key, item]) => [key, sortKeys(item)]),
  );
}

const args = (value: Record<string, unknown>) => sortKeys(value) as Record<string, unknown>;

/** The identity of each kind of object: what plan matches the file and the broker on. */
export const keyOf = {
  queue: (q: QueueSpec) => q.name,
  exchange: (x: ExchangeSpec) => x.name,
  binding: (b: BindingSpec) => JSON.stringify([b.source, b.destinationType, b.destination, b.routingKey]),
  policy: (p: PolicySpec) => p.name,
  parameter: (p: ParameterSpec) => JSON.stringify([p.component, p.name]),
  user: (u: UserSpec) => u.name,
  permission: (p: PermissionSpec) => p.user,
};

const by =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compare(key(a), key(b));

/** The one canonical form: fields in a fixed order, maps' keys sorted, lists sorted by identity. */
export function canonical(topology: Topology): Topology {
  const out: Topology = {
    queues: topology.queues
      .map((q) => ({ name: q.name, type: q.type, durable: q.durable, autoDelete: q.autoDelete, arguments: args(q.arguments) }))
      .sort(by(keyOf.queue)),
    exchanges: topology.exchanges
      .map((x) => ({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: args(x.arguments) }))
      .sort(by(keyOf.exchange)),
    bindings: topology.bindings
      .map((b) => ({
        source: b.source,
        destination: b.destination,
        destinationType: b.destinationType,
        routingKey: b.routingKey,
        arguments: args(b.arguments),
      }))
      .sort((a, b) => compare(keyOf.binding(a), keyOf.binding(b)) || compare(JSON.stringify(a.arguments), JSON.stringify(b.arguments))),
    policies: topology.policies
      .map((p) => ({ name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: args(p.definition) }))
      .sort(by(keyOf.policy)),
    parameters: topology.parameters.map((p) => ({ component: p.component, name: p.name, value: sortKeys(p.value) })).sort(by(keyOf.parameter)),
  };
  if (topology.users !== undefined) {
    out.users = topology.users
      .map((u) => ({
        name: u.name,
        tags: [...u.tags].sort(compare),
        ...(u.passwordHash === undefined ? {} : { passwordHash: u.passwordHash, hashingAlgorithm: u.hashingAlgorithm ?? 'rabbit_password_hashing_sha256' }),
      }))
      .sort(by(keyOf.user));
  }
  if (topology.permissions !== undefined) {
    out.permissions = topology.permissions.map((p) => ({ user: p.user, configure: p.configure, write: p.write, read: p.read })).sort(by(keyOf.permission));
  }
  return out;
}
