import { Command } from 'commander';
import { countsLine, planJson, planLines } from './plan-present.js';
import { action, type Context } from './runtime.js';

/** `mqcli plan <file>`: what apply would do. Exit 0 nothing to do, 1 drift, 2 a bad file. */
export function planCommand(context: Context): Command {
  return new Command('plan')
    .description('show what `mqcli apply <file>` would create, change and delete; exit 0 when the broker matches, 1 on drift, 2 for a bad file')
    .argument('<file>', 'topology file, YAML or JSON (schema/topology.schema.json)')
    .option('--prune', "count what the file's sections do not name as drift (apply --prune deletes it)")
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, file: string, options: { prune?: boolean; json?: boolean }) => {
        const { planFor } = await import('./plan-run.js');
        const { changes, counts } = await planFor(run, file, options.prune === true, 'plan');
        run.stdout.write(options.json === true ? planJson(changes, counts) : planLines(changes));
        run.log.info(changes.length === 0 ? `no changes: the broker matches ${file}` : `plan: ${countsLine(counts)}`);
        return changes.length === 0 ? 0 : 1;
      }),
    );
}
