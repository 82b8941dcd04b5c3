import { withConnection } from '../broker/session.js';
import type { Run } from '../context.js';
import { RuntimeError } from '../errors.js';
import { ManagementError, segment } from '../management/client.js';
import { type OpsApi, vhostGet } from './api.js';
import { declareQueue, migrateQueue, refuseMigration } from './migrate.js';
import type { ApiBinding } from './bindings.js';
import type { Change } from './plan.js';
import {
  type BindingSpec,
  type ExchangeSpec,
  type ParameterSpec,
  type PermissionSpec,
  type PolicySpec,
  type QueueSpec,
  sortKeys,
  type UserSpec,
} from './topology.js';

/** Deletes and replacements first, so a name is free before it is declared again; bindings after what they join. */
const ORDER: Record<Change['kind'], number> = { exchange: 1, queue: 2, binding: 3, policy: 4, parameter: 5, user: 6, permission: 7 };

/**
 * Makes the changes of a plan, one by one, saying each through `done`. A queue is deleted only
 * when empty (the broker checks, `if-empty`) unless `force`; a queue that must change type or
 * arguments is migrated through a temporary queue (migrate.ts), no message lost.
 */
export async function applyPlan(run: Run, ops: OpsApi, changes: readonly Change[], options: { force: boolean; done: (change: Change) => void }): Promise<void> {
  await refuseNonEmpty(run, ops, changes, options.force);
  const deletes = changes.filter((c) => c.action === 'delete').sort((a, b) => ORDER[b.kind] - ORDER[a.kind]);
  const rest = changes.filter((c) => c.action !== 'delete').sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  for (const change of [...deletes, ...rest]) {
    run.log.debug(`${change.action} ${change.kind} ${change.name}`);
    await step(run, ops, change, options.force);
    options.done(change);
  }
}

const v = (ops: OpsApi) => segment(ops.vhost);

async function step(run: Run, ops: OpsApi, change: Change, force: boolean): Promise<void> {
  const { api } = ops;
  switch (change.kind) {
    case 'queue': {
      const queue = (change.desired ?? change.actual) as QueueSpec;
      if (change.action === 'delete') return deleteQueue(ops, queue.name, force);
      if (change.replace) return migrateQueue(run, ops, queue);
      return declareQueue(ops, queue);
    }
    case 'exchange': {
      const exchange = (change.desired ?? change.actual) as ExchangeSpec;
      if (change.action === 'delete') return gone(api.send('DELETE', `/api/exchanges/${v(ops)}/${segment(exchange.name)}`));
      if (change.replace) {
        const bindings = (await vhostGet<ApiBinding[]>(ops, 'bindings')).filter(
          (b) => b.source === exchange.name || (b.destination_type === 'exchange' && b.destination === exchange.name),
        );
        await gone(api.send('DELETE', `/api/exchanges/${v(ops)}/${segment(exchange.name)}`));
        await declareExchange(ops, exchange);
        for (const b of bindings) await bind(ops, fromApi(b));
        return;
      }
      return declareExchange(ops, exchange);
    }
    case 'binding': {
      if (change.action !== 'delete') await bind(ops, change.desired as BindingSpec);
      if (change.action !== 'create') await unbind(ops, change.actual as BindingSpec);
      return;
    }
    case 'policy': {
      const p = (change.desired ?? change.actual) as PolicySpec;
      const path = `/api/policies/${v(ops)}/${segment(p.name)}`;
      if (change.action === 'delete') return gone(api.send('DELETE', path));
      return api.send('PUT', path, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: p.definition });
    }
    case 'parameter': {
      const p = (change.desired ?? change.actual) as ParameterSpec;
      const path = `/api/parameters/${segment(p.component)}/${v(ops)}/${segment(p.name)}`;
      if (change.action === 'delete') return gone(api.send('DELETE', path));
      return api.send('PUT', path, { component: p.component, vhost: ops.vhost, name: p.name, value: p.value });
    }
    case 'user': {
      const u = (change.desired ?? change.actual) as UserSpec;
      const path = `/api/users/${segment(u.name)}`;
      if (change.action === 'delete') return gone(api.send('DELETE', path));
      // Without a hash in the file a new user gets none (no password login); an existing one keeps its own.
      const hash =
        u.passwordHash !== undefined
          ? { password_hash: u.passwordHash, hashing_algorithm: u.hashingAlgorithm }
          : change.action === 'create'
            ? { password_hash: '' }
            : {};
      return api.send('PUT', path, { tags: u.tags.join(','), ...hash });
    }
    case 'permission': {
      const p = (change.desired ?? change.actual) as PermissionSpec;
      const path = `/api/permissions/${v(ops)}/${segment(p.user)}`;
      if (change.action === 'delete') return gone(api.send('DELETE', path));
      return api.send('PUT', path, { configure: p.configure, write: p.write, read: p.read });
    }
  }
}

function declareExchange(ops: OpsApi, x: ExchangeSpec): Promise<void> {
  return ops.api.send('PUT', `/api/exchanges/${v(ops)}/${segment(x.name)}`, {
    type: x.type,
    durable: x.durable,
    auto_delete: x.autoDelete,
    internal: x.internal,
    arguments: x.arguments,
  });
}

async function deleteQueue(ops: OpsApi, name: string, force: boolean): Promise<void> {
  await gone(ops.api.send('DELETE', `/api/queues/${v(ops)}/${segment(name)}${force ? '' : '?if-empty=true'}`)).catch((error: unknown) => {
    throw error instanceof ManagementError && error.status === 400 ? nonEmpty([name]) : error;
  });
}

/**
 * Before any change, so that a refusal changes nothing: a queue to migrate must not be a stream
 * or have consumers, and --prune must not delete a queue holding messages unless --force. Ready
 * messages are counted exactly over AMQP; the API's count (a few seconds late) adds the unacked.
 */
async function refuseNonEmpty(run: Run, ops: OpsApi, changes: readonly Change[], force: boolean): Promise<void> {
  for (const change of changes) if (change.kind === 'queue' && change.replace) await refuseMigration(ops, change.desired as QueueSpec);
  const doomed = changes.filter((c) => c.kind === 'queue' && c.action === 'delete');
  if (doomed.length === 0 || force) return;
  const listed = await vhostGet<{ name: string; messages?: number }[]>(ops, 'queues', '?columns=name,messages');
  const depth = new Map(listed.map((q) => [q.name, q.messages ?? 0]));
  const { connection } = await run.settings();
  await withConnection({ ...connection, vhost: ops.vhost }, { name: 'mqcli apply' }, async (broker) => {
    for (const change of doomed) {
      const channel = await broker.channel();
      const ready = await channel.checkQueue(change.name).then((reply) => reply.messageCount);
      depth.set(change.name, Math.max(ready, depth.get(change.name) ?? 0));
    }
  });
  const held = doomed.filter((c) => (depth.get(c.name) ?? 0) > 0).map((c) => c.name);
  if (held.length > 0) throw nonEmpty(held);
}

const nonEmpty = (names: string[]) =>
  new RuntimeError(`--prune would delete ${names.map((name) => `'${name}'`).join(', ')}, which hold messages: nothing was changed`, {
    hint: 'Move the messages away (mqcli queue move), or add --force to delete them with the queue',
  });

/** A delete of what is already gone (a queue's bindings go with it) is done. */
const gone = (request: Promise<void>): Promise<void> =>
  request.catch((error: unknown) => {
    if (!(error instanceof ManagementError && error.status === 404)) throw error;
  });

const fromApi = (b: ApiBinding): BindingSpec => ({
  source: b.source,
  destination: b.destination,
  destinationType: b.destination_type,
  routingKey: b.routing_key,
  arguments: b.arguments,
});
const pathOf = (ops: OpsApi, b: BindingSpec) =>
  `/api/bindings/${v(ops)}/e/${segment(b.source)}/${b.destinationType === 'queue' ? 'q' : 'e'}/${segment(b.destination)}`;

function bind(ops: OpsApi, b: BindingSpec): Promise<void> {
  return ops.api.send('POST', pathOf(ops, b), { routing_key: b.routingKey, arguments: b.arguments });
}

/** A binding is named by its properties key, which the broker makes from the routing key and arguments. */
async function unbind(ops: OpsApi, b: BindingSpec): Promise<void> {
  const there = await ops.api.get<ApiBinding[]>(pathOf(ops, b)).catch(() => [] as ApiBinding[]);
  const same = (a: ApiBinding) => a.routing_key === b.routingKey && JSON.stringify(sortKeys(a.arguments)) === JSON.stringify(sortKeys(b.arguments));
  for (const found of there.filter(same)) await gone(ops.api.send('DELETE', `${pathOf(ops, b)}/${segment(found.properties_key ?? '~')}`));
}
