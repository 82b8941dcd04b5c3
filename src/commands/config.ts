import { Command } from 'commander';
import { action, type Context } from './runtime.js';

/** `mqcli config`: the resolved settings and where each one came from. */
export function configCommand(context: Context): Command {
  return new Command('config')
    .description('show the connection settings mqcli would use, and where each value came from')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, options: { json?: boolean }) => {
        const { renderConfig } = await import('../core/settings/render.js');
        run.stdout.write(renderConfig(await run.settings({ runPasswordCommand: false }), { json: options.json === true, tty: run.stdout.isTTY === true }));
      }),
    );
}
