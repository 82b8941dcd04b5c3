import { BrokerConnection } from '../broker/connection.js';
import type { Run } from '../context.js';
import { RuntimeError } from '../errors.js';
import { plural } from '../../ui/format.js';
import { ManagementError, segment } from '../management/client.js';
import { type OpsApi, vhostGet } from './api.js';
import type { ApiBinding } from './bindings.js';
import { drainInto } from './drain.js';
import { isMigrationQueue, type Migration, migrationArguments, migrationOf, temporaryName } from './migration-state.js';
import { canonical, type QueueSpec } from './topology.js';
import { type ApiQueue, queueSpecOf } from './topology-read.js';

/** Declares a queue as the file says (the API's PUT, with x-queue-type among the arguments). */
export function declareQueue(ops: OpsApi, q: QueueSpec): Promise<void> {
  const args = q.type === 'classic' ? q.arguments : { ...q.arguments, 'x-queue-type': q.type };
  return ops.api.send('PUT', `/api/queues/${segment(ops.vhost)}/${segment(q.name)}`, { durable: q.durable, auto_delete: q.autoDelete, arguments: args });
}

const getQueue = (ops: OpsApi, name: string) =>
  ops.api.get<ApiQueue & { consumers?: number }>(`/api/queues/${segment(ops.vhost)}/${segment(name)}`).catch((error: unknown) => {
    if (error instanceof ManagementError && error.status === 404) return undefined;
    throw error;
  });

/** Why a queue cannot be migrated now: it is or becomes a stream, or it has consumers (named). */
export async function refuseMigration(ops: OpsApi, target: QueueSpec): Promise<void> {
  const current = await getQueue(ops, target.name);
  // A stream is a log that consumers read from an offset, not a queue to drain and refill.
  if (current?.type === 'stream' || target.type === 'stream') {
    throw new RuntimeError(`queue '${target.name}' would have to change between a stream and a queue, which apply does not migrate: nothing was changed`, {
      hint: 'Declare the new one under another name and move the consumers and producers to it',
    });
  }
  const consumers = (
    await vhostGet<{ queue: { name: string }; consumer_tag: string; channel_details?: { connection_name?: string } }[]>(ops, 'consumers')
  ).filter((c) => c.queue.name === target.name);
  if (consumers.length > 0) {
    const named = consumers.map((c) => `'${c.consumer_tag}' on ${c.channel_details?.connection_name ?? 'a connection'}`).join(', ');
    throw new RuntimeError(`queue '${target.name}' must be replaced to change its type or arguments, and has consumers: ${named}`, {
      hint: 'Stop them (mqcli consumer list shows them), then apply again',
    });
  }
}

/**
 * Changes a queue's type or arguments without losing a message: its messages go to a temporary
 * queue, it is deleted and declared as the file says, its bindings are put back, and the messages
 * come back. Refused while it has consumers, which the error names.
 */
export async function migrateQueue(run: Run, ops: OpsApi, target: QueueSpec): Promise<void> {
  await refuseMigration(ops, target);
  const bindings = (await vhostGet<ApiBinding[]>(ops, 'bindings'))
    .filter((b) => b.destination_type === 'queue' && b.destination === target.name && b.source !== '')
    .map((b) => ({ source: b.source, destination: b.destination, destinationType: b.destination_type, routingKey: b.routing_key, arguments: b.arguments }));
  const temporary = temporaryName(target.name);
  if ((await getQueue(ops, temporary)) === undefined) {
    await ops.api.send('PUT', `/api/queues/${segment(ops.vhost)}/${segment(temporary)}`, {
      durable: true,
      auto_delete: false,
      arguments: migrationArguments(target, bindings),
    });
  }
  const queue = await getQueue(ops, temporary);
  await finishMigration(run, ops, migrationOf(queue as ApiQueue));
}

/** Finishes the migrations a killed apply left, found by their temporary queues. */
export async function resumeMigrations(run: Run, ops: OpsApi): Promise<string[]> {
  const queues = await vhostGet<ApiQueue[]>(ops, 'queues', '?columns=name,type,durable,auto_delete,exclusive,arguments');
  const pending = queues.filter(isMigrationQueue).map(migrationOf);
  for (const migration of pending) {
    run.log.info(`finishing the migration of queue '${migration.target.name}' that an earlier apply left`);
    await finishMigration(run, ops, migration);
  }
  return pending.map((migration) => migration.target.name);
}

/** Each step looks at what is there first, so a rerun after a kill at any step goes on from it. */
async function finishMigration(run: Run, ops: OpsApi, { temporary, target, bindings }: Migration): Promise<void> {
  const { connection: settings } = await run.settings();
  const connection = await BrokerConnection.open({ ...settings, vhost: ops.vhost }, { name: 'mqcli apply (migration)' });
  try {
    const queue = await getQueue(ops, target.name);
    const wanted = JSON.stringify(canonical({ queues: [target], exchanges: [], bindings: [], policies: [], parameters: [] }).queues[0]);
    const current =
      queue === undefined
        ? undefined
        : JSON.stringify(canonical({ queues: [queueSpecOf(queue)], exchanges: [], bindings: [], policies: [], parameters: [] }).queues[0]);
    if (queue !== undefined && current !== wanted) {
      const moved = await drainInto(connection, target.name, temporary);
      run.log.info(`moved ${plural(moved, 'message')} from queue '${target.name}' to '${temporary}'`);
      // A classic queue is deleted if-empty and if-unused, so what came meanwhile stops it here, kept.
      // Quorum and stream queues take neither flag (3.10): drainInto has just seen this one empty.
      const guard = queue.type === 'classic' || queue.type === undefined ? '?if-empty=true&if-unused=true' : '';
      await ops.api.send('DELETE', `/api/queues/${segment(ops.vhost)}/${segment(target.name)}${guard}`).catch((error: unknown) => {
        if (error instanceof ManagementError && error.status === 404) return;
        throw new RuntimeError(`queue '${target.name}' got messages or a consumer during its migration: ${(error as Error).message}`, {
          hint: `Its messages are in '${temporary}' and '${target.name}'; apply again to go on`,
        });
      });
    }
    if (current !== wanted) await declareQueue(ops, target);
    for (const b of bindings) {
      await ops.api.send('POST', `/api/bindings/${segment(ops.vhost)}/e/${segment(b.source)}/q/${segment(b.destination)}`, {
        routing_key: b.routingKey,
        arguments: b.arguments,
      });
    }
    const back = await drainInto(connection, temporary, target.name);
    run.log.info(`moved ${plural(back, 'message')} back into queue '${target.name}' (${target.type})`);
    await ops.api.send('DELETE', `/api/queues/${segment(ops.vhost)}/${segment(temporary)}?if-empty=true`);
  } finally {
    await connection.close();
  }
}
