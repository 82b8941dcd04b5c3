import { Command, InvalidArgumentError, Option } from 'commander';
import { formatJson, formatLine } from '../../ui/table.js';
import { action, type Context } from '../runtime.js';

/** `mqcli connection close <name>`: the broker closes it; its client sees CONNECTION_FORCED and the reason. */
export function closeCommand(context: Context): Command {
  return new Command('close')
    .description('close a client connection by name (as `connection list` shows it); its client gets CONNECTION_FORCED and the reason')
    .argument('<name>', 'connection name, e.g. "127.0.0.1:50000 -> 127.0.0.1:5672"')
    .addOption(new Option('--reason <text>', 'what the client is told (default: "Closed via management plugin")').argParser(headerText))
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string, options: { reason?: string; json?: boolean }) => {
        const [{ opsApi }, { closeConnection }] = await Promise.all([import('../../core/ops/api.js'), import('../../core/ops/connections.js')]);
        const { RuntimeError } = await import('../../core/errors.js');
        const { ManagementError } = await import('../../core/management/client.js');
        await closeConnection(await opsApi(run, 'connection close'), name, options.reason).catch((error: unknown) => {
          if (error instanceof ManagementError && error.status === 404)
            throw new RuntimeError(`no connection named '${name}'`, { hint: 'See the names with: mqcli connection list' });
          throw error;
        });
        run.stdout.write(options.json === true ? formatJson({ connection: name, closed: true }) : formatLine(`closed connection '${name}'`));
      }),
    );
}

/** The reason travels in an HTTP header: printable ASCII only, checked before anything is sent. */
function headerText(value: string): string {
  if (!/^[\x20-\x7e]{1,200}$/.test(value)) throw new InvalidArgumentError('expected 1 to 200 printable ASCII characters');
  return value;
}
