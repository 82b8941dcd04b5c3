import type { BindingSpec, QueueSpec } from './topology.js';

/**
 * A migration's state lives in the arguments of its temporary queue, which the broker stores as
 * durably as the messages in it: a rerun after kill -9 reads there what the queue must become and
 * which bindings to put back, even once the original queue is gone.
 */
export const MIGRATION_OF = 'x-mqcli-migration-of';
const TARGET = 'x-mqcli-target';
const BINDINGS = 'x-mqcli-bindings';

/** The temporary queue's name: the queue's own with a suffix no one else uses. */
export const temporaryName = (queue: string) => `${queue}.mqcli-migration`;

export const isMigrationQueue = (queue: { arguments: Record<string, unknown> }): boolean => typeof queue.arguments[MIGRATION_OF] === 'string';

/** What a migration must finish: the queue as the file says, and the bindings it had. */
export interface Migration {
  temporary: string;
  target: QueueSpec;
  bindings: BindingSpec[];
}

/** The arguments of the temporary queue that record a migration. */
export function migrationArguments(target: QueueSpec, bindings: BindingSpec[]): Record<string, string> {
  return { [MIGRATION_OF]: target.name, [TARGET]: JSON.stringify(target), [BINDINGS]: JSON.stringify(bindings) };
}

/** Reads a migration back from its temporary queue's arguments. */
export function migrationOf(queue: { name: string; arguments: Record<string, unknown> }): Migration {
  return {
    temporary: queue.name,
    target: JSON.parse(String(queue.arguments[TARGET])) as QueueSpec,
    bindings: JSON.parse(String(queue.arguments[BINDINGS])) as BindingSpec[],
  };
}
