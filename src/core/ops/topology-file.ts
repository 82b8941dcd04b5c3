import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import { canonical, type Topology } from './topology.js';

type Json = Record<string, unknown>;

/** A topology file that is not one: exit 2, with the file and the place in it. */
class TopologyFileError extends UsageError {}

const SECTIONS = ['queues', 'exchanges', 'bindings', 'policies', 'parameters', 'users', 'permissions'] as const;

/** Reads and checks a topology file (YAML, of which JSON is a part) before anything touches the broker. */
export async function readTopologyFile(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TopologyFileError(`cannot read topology file ${path}: ${whyUnreadable(error)}`);
  }
  const { parse } = await loadYaml();
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true });
  } catch (error) {
    throw new TopologyFileError(`${path} is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkTopology(data ?? {}, path);
}

/** Checks parsed data against the topology format (schema/topology.schema.json says the same) and fills in the defaults. */
export function checkTopology(data: unknown, file: string): Topology {
  const fail = (where: string, what: string): never => {
    throw new TopologyFileError(`${file}: ${where} ${what}`, { hint: 'The format is in schema/topology.schema.json' });
  };
  const root = object(data, 'the file', fail);
  for (const key of Object.keys(root))
    if (!(SECTIONS as readonly string[]).includes(key)) fail(`'${key}'`, `is not a section (expected ${SECTIONS.join(', ')})`);
  const list = (section: (typeof SECTIONS)[number]): Json[] => {
    const value = root[section] ?? [];
    if (!Array.isArray(value)) fail(section, 'must be a list');
    return (value as unknown[]).map((item, i) => object(item, `${section}[${i}]`, fail));
  };
  const field = fields(fail);
  const topology: Topology = {
    queues: list('queues').map((q, i) => {
      const at = `queues[${i}]`;
      field.only(q, at, ['name', 'type', 'durable', 'autoDelete', 'arguments']);
      const args = field.map(q, at, 'arguments');
      if ('x-queue-type' in args) fail(`${at}.arguments`, "must not hold x-queue-type: say 'type' instead");
      return {
        name: field.name(q, at),
        type: field.text(q, at, 'type', 'classic'),
        durable: field.flag(q, at, 'durable', true),
        autoDelete: field.flag(q, at, 'autoDelete', false),
        arguments: args,
      };
    }),
    exchanges: list('exchanges').map((x, i) => {
      const at = `exchanges[${i}]`;
      field.only(x, at, ['name', 'type', 'durable', 'autoDelete', 'internal', 'arguments']);
      const name = field.name(x, at);
      if (name === '' || name.startsWith('amq.')) fail(`${at}.name`, `'${name}' is built in and cannot be declared`);
      return {
        name,
        type: field.text(x, at, 'type', 'direct'),
        durable: field.flag(x, at, 'durable', true),
        autoDelete: field.flag(x, at, 'autoDelete', false),
        internal: field.flag(x, at, 'internal', false),
        arguments: field.map(x, at, 'arguments'),
      };
    }),
    bindings: list('bindings').map((b, i) => {
      const at = `bindings[${i}]`;
      field.only(b, at, ['source', 'destination', 'destinationType', 'routingKey', 'arguments']);
      const destinationType = field.text(b, at, 'destinationType', 'queue');
      if (destinationType !== 'queue' && destinationType !== 'exchange') fail(`${at}.destinationType`, "must be 'queue' or 'exchange'");
      const source = field.text(b, at, 'source');
      if (source === '') fail(`${at}.source`, 'is the default exchange, whose bindings are implicit');
      return {
        source,
        destination: field.text(b, at, 'destination'),
        destinationType: destinationType as 'queue' | 'exchange',
        routingKey: field.text(b, at, 'routingKey', ''),
        arguments: field.map(b, at, 'arguments'),
      };
    }),
    policies: list('policies').map((p, i) => {
      const at = `policies[${i}]`;
      field.only(p, at, ['name', 'pattern', 'applyTo', 'priority', 'definition']);
      const applyTo = field.text(p, at, 'applyTo', 'all');
      if (!['all', 'queues', 'exchanges'].includes(applyTo)) fail(`${at}.applyTo`, "must be 'all', 'queues' or 'exchanges'");
      const priority = p.priority ?? 0;
      if (!Number.isInteger(priority)) fail(`${at}.priority`, 'must be a whole number');
      return {
        name: field.name(p, at),
        pattern: field.text(p, at, 'pattern'),
        applyTo,
        priority: priority as number,
        definition: field.map(p, at, 'definition'),
      };
    }),
    parameters: list('parameters').map((p, i) => {
      const at = `parameters[${i}]`;
      field.only(p, at, ['component', 'name', 'value']);
      if (!('value' in p)) fail(`${at}.value`, 'is missing');
      return { component: field.name(p, at, 'component'), name: field.name(p, at), value: p.value };
    }),
  };
  if ('users' in root) {
    topology.users = list('users').map((u, i) => {
      const at = `users[${i}]`;
      field.only(u, at, ['name', 'tags', 'passwordHash', 'hashingAlgorithm']);
      const tags = u.tags ?? [];
      if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) fail(`${at}.tags`, 'must be a list of words');
      const hash =
        u.passwordHash === undefined
          ? {}
          : { passwordHash: field.text(u, at, 'passwordHash'), hashingAlgorithm: field.text(u, at, 'hashingAlgorithm', 'rabbit_password_hashing_sha256') };
      return { name: field.name(u, at), tags: tags as string[], ...hash };
    });
  }
  if ('permissions' in root) {
    topology.permissions = list('permissions').map((p, i) => {
      const at = `permissions[${i}]`;
      field.only(p, at, ['user', 'configure', 'write', 'read']);
      return { user: field.name(p, at, 'user'), configure: field.text(p, at, 'configure'), write: field.text(p, at, 'write'), read: field.text(p, at, 'read') };
    });
  }
  duplicates(topology, fail);
  return canonical(topology);
}

function object(value: unknown, where: string, fail: (where: string, what: string) => never): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, 'must be a map (key: value)');
  return value as Json;
}

/** Field readers that fail with the place in the file. */
function fields(fail: (where: string, what: string) => never) {
  const text = (item: Json, at: string, key: string, fallback?: string): string => {
    const value = item[key] ?? fallback;
    if (value === undefined) return fail(`${at}.${key}`, 'is missing');
    if (typeof value !== 'string') fail(`${at}.${key}`, 'must be a string');
    return value as string;
  };
  return {
    text,
    name: (item: Json, at: string, key = 'name') => {
      const value = text(item, at, key);
      if (value === '' || value.length > 255) fail(`${at}.${key}`, 'must be 1 to 255 characters');
      return value;
    },
    flag: (item: Json, at: string, key: string, fallback: boolean): boolean => {
      const value = item[key] ?? fallback;
      if (typeof value !== 'boolean') fail(`${at}.${key}`, 'must be true or false');
      return value as boolean;
    },
    map: (item: Json, at: string, key: string): Json => object(item[key] ?? {}, `${at}.${key}`, fail),
    only: (item: Json, at: string, known: string[]) => {
      for (const key of Object.keys(item)) if (!known.includes(key)) fail(`${at}.${key}`, `is not a field (expected ${known.join(', ')})`);
    },
  };
}

/** The same object twice would make the plan depend on which one wins. */
function duplicates(topology: Topology, fail: (where: string, what: string) => never): void {
  const seen = (kind: string, keys: string[]) => {
    const set = new Set<string>();
    for (const key of keys) {
      if (set.has(key)) fail(kind, `names ${key} twice`);
      set.add(key);
    }
  };
  seen(
    'queues',
    topology.queues.map((q) => `'${q.name}'`),
  );
  seen(
    'exchanges',
    topology.exchanges.map((x) => `'${x.name}'`),
  );
  seen(
    'policies',
    topology.policies.map((p) => `'${p.name}'`),
  );
  seen(
    'bindings',
    topology.bindings.map((b) => `${b.source} → ${b.destination} (routing key '${b.routingKey}')`),
  );
}

/** The text of a topology: YAML, or JSON; the same topology always gives the same bytes. */
export async function formatTopology(topology: Topology, format: 'yaml' | 'json'): Promise<string> {
  if (format === 'json') return `${JSON.stringify(topology, null, 2)}\n`;
  const { stringify } = await loadYaml();
  return stringify(topology, { lineWidth: 0 });
}

/** yaml is CommonJS (and external to the bundle, as every runtime dependency is): its exports are module.exports, the default. */
async function loadYaml(): Promise<typeof import('yaml')> {
  const module = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return module.default ?? module;
}
