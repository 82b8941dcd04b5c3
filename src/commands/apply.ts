import { Command } from 'commander';
import { planLines } from './plan-present.js';
import { action, type Context } from './runtime.js';

/** `mqcli apply <file>`: makes the broker match the file; a second run changes nothing. */
export function applyCommand(context: Context): Command {
  return new Command('apply')
    .description(
      'make the vhost match a topology file: create and change what it names (bindings and policies in place, a queue of another type or arguments migrated without losing a message), delete the rest with --prune',
    )
    .argument('<file>', 'topology file, YAML or JSON (schema/topology.schema.json)')
    .option('--prune', "delete what the file's sections do not name; a queue holding messages only with --force")
    .option('--force', 'with --prune: delete queues that hold messages, and their messages')
    .option('--json', 'print the changes made as one JSON object')
    .action(
      action(context, async (run, file: string, options: { prune?: boolean; force?: boolean; json?: boolean }) => {
        const { UsageError } = await import('../core/errors.js');
        if (options.force === true && options.prune !== true) throw new UsageError('--force needs --prune');
        const [{ planFor }, { applyPlan }, { planJson }, { resumeMigrations }] = await Promise.all([
          import('./plan-run.js'),
          import('../core/ops/apply.js'),
          import('./plan-present.js'),
          import('../core/ops/migrate.js'),
        ]);
        // A migration a killed apply left is finished first, so that the plan sees the queue as it is.
        const { ops, changes, counts } = await planFor(run, file, options.prune === true, 'apply', (ops) => resumeMigrations(run, ops));
        await applyPlan(run, ops, changes, {
          force: options.force === true,
          done: (change) => {
            if (options.json !== true) run.stdout.write(planLines([change]));
          },
        });
        if (options.json === true) run.stdout.write(planJson(changes, counts));
        run.log.info(
          changes.length === 0
            ? `nothing to do: the broker matches ${file}`
            : `applied: ${counts.create} created, ${counts.change} changed, ${counts.delete} deleted`,
        );
        return 0;
      }),
    );
}
