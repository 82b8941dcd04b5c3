import { Command } from 'commander';
import { formatLine } from '../ui/table.js';
import { action, type Context } from './runtime.js';

/** `mqcli ping`: is the broker there, which one is it, how fast does it answer. */
export function pingCommand(context: Context): Command {
  return new Command('ping')
    .description('connect to the broker and print which node answered, its version, cluster name, running nodes and round-trip time')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, options: { json?: boolean }) => {
        const { ping } = await import('../core/ping.js');
        const result = await ping((await run.settings()).connection);
        if (options.json) {
          run.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const cluster = result.cluster === null ? '' : `, cluster ${result.cluster}`;
        const platform = result.platform === '' ? '' : ` on ${result.platform}`;
        // What the broker calls itself and its nodes is shown escaped, as every line for people is.
        run.stdout.write(
          formatLine(
            `${result.product} ${result.version}${platform} at ${result.host}:${result.port}, vhost ${result.vhost}${cluster}: ` +
              `connected in ${result.connectMs} ms, round trip ${result.roundTripMs} ms`,
          ),
        );
        if (result.nodes !== null) {
          const running = result.nodes.filter((node) => node.running).map((node) => node.name);
          const down = result.nodes.filter((node) => !node.running).map((node) => node.name);
          run.stdout.write(formatLine(`running nodes: ${running.join(', ') || 'none'}${down.length > 0 ? `; not running: ${down.join(', ')}` : ''}`));
        }
      }),
    );
}
