import { Command, Option } from 'commander';
import { action, type Context } from '../runtime.js';

interface ExportOptions {
  format: 'yaml' | 'json';
  withUsers?: boolean;
  withPasswordHashes?: boolean;
}

/** `mqcli definitions export`: the queues, exchanges, bindings, policies and parameters of the vhost (`--vhost`, a global option), sorted, to stdout. */
export function exportCommand(context: Context): Command {
  return new Command('export')
    .description('write the queues, exchanges, bindings, policies and parameters of the vhost, sorted and stable, as YAML or JSON')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .option('--with-users', 'add the users (names and tags) and their permissions on the vhost')
    .option('--with-password-hashes', 'with --with-users: add each password hash and its algorithm (keep such a file secret)')
    .action(
      action(context, async (run, options: ExportOptions) => {
        const { UsageError } = await import('../../core/errors.js');
        if (options.withPasswordHashes === true && options.withUsers !== true) throw new UsageError('--with-password-hashes needs --with-users');
        const [{ opsApi }, { readTopology }, { formatTopology }] = await Promise.all([
          import('../../core/ops/api.js'),
          import('../../core/ops/topology-read.js'),
          import('../../core/ops/topology-file.js'),
        ]);
        const ops = await opsApi(run, 'definitions export');
        const topology = await readTopology(ops, { withUsers: options.withUsers, withPasswordHashes: options.withPasswordHashes });
        run.stdout.write(await formatTopology(topology, options.format));
      }),
    );
}
