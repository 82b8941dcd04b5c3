import { compare } from './api.js';
import { keyOf, type Topology } from './topology.js';

export type Kind = 'queue' | 'exchange' | 'binding' | 'policy' | 'parameter' | 'user' | 'permission';

/** One field that differs: `arguments.x-max-length`, 100 on the broker, 200 in the file. */
export interface FieldDiff {
  field: string;
  from: unknown;
  to: unknown;
}

/** One step of a plan. `replace`: a queue or exchange cannot change in place, so it is deleted and declared again. */
export interface Change {
  action: 'create' | 'change' | 'delete';
  kind: Kind;
  /** How the object is named in a plan line and in JSON. */
  name: string;
  diffs: FieldDiff[];
  replace: boolean;
  /** What the file says (create, change) and what the broker has (change, delete). */
  desired?: unknown;
  actual?: unknown;
}

const bindingLabel = (b: { source: string; destination: string; destinationType: string; routingKey: string }) =>
  `'${b.source}' -> ${b.destinationType} '${b.destination}' (routing key '${b.routingKey}')`;

/** Fields whose change cannot be made in place. */
const FIXED: Partial<Record<Kind, string[]>> = {
  queue: ['type', 'durable', 'autoDelete', 'arguments'],
  exchange: ['type', 'durable', 'autoDelete', 'internal', 'arguments'],
};

/**
 * What it takes to make the broker (`actual`) match the file (`desired`), both canonical. Only
 * objects the file names count; with `prune`, every object of a section the file has. Users and
 * permissions count only when the file has their sections.
 */
export function plan(desired: Topology, actual: Topology, prune: boolean): Change[] {
  const changes: Change[] = [];
  const section = <T>(kind: Kind, want: T[] | undefined, have: T[] | undefined, key: (item: T) => string, label: (item: T) => string) => {
    if (want === undefined) return;
    const onBroker = new Map((have ?? []).map((item) => [key(item), item]));
    const inFile = new Set(want.map(key));
    for (const item of want) {
      const there = onBroker.get(key(item));
      if (there === undefined) {
        changes.push({ action: 'create', kind, name: label(item), diffs: [], replace: false, desired: item });
        continue;
      }
      const diffs = diff(there as Record<string, unknown>, item as Record<string, unknown>);
      if (diffs.length === 0) continue;
      const replace = diffs.some((d) => (FIXED[kind] ?? []).includes(d.field.split('.')[0] as string));
      changes.push({ action: 'change', kind, name: label(item), diffs, replace, desired: item, actual: there });
    }
    if (!prune) return;
    for (const item of have ?? [])
      if (!inFile.has(key(item))) changes.push({ action: 'delete', kind, name: label(item), diffs: [], replace: false, actual: item });
  };
  section('exchange', desired.exchanges, actual.exchanges, keyOf.exchange, (x) => x.name);
  section('queue', desired.queues, actual.queues, keyOf.queue, (q) => q.name);
  section('binding', desired.bindings, actual.bindings, keyOf.binding, bindingLabel);
  section('policy', desired.policies, actual.policies, keyOf.policy, (p) => p.name);
  section('parameter', desired.parameters, actual.parameters, keyOf.parameter, (p) => `${p.component}/${p.name}`);
  section('user', desired.users, actual.users, keyOf.user, (u) => u.name);
  section('permission', desired.permissions, actual.permissions, keyOf.permission, (p) => p.user);
  return changes;
}

/** Field by field; maps (arguments, definition) key by key, so a plan line names the one argument that changed. */
function diff(from: Record<string, unknown>, to: Record<string, unknown>): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of Object.keys(to)) {
    const [a, b] = [from[field], to[field]];
    if (isMap(a) && isMap(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compare);
      for (const key of keys) if (!same(a[key], b[key])) out.push({ field: `${field}.${key}`, from: a[key], to: b[key] });
    } else if (!same(a, b)) out.push({ field, from: a, to: b });
  }
  return out;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
/** Both sides are canonical (keys sorted), so equal values have equal JSON. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** How many of each action a plan holds. */
export function summary(changes: readonly Change[]): { create: number; change: number; delete: number } {
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  return { create: count('create'), change: count('change'), delete: count('delete') };
}
