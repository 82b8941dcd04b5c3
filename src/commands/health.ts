import { Command } from 'commander';
import type { HealthReport } from '../core/ops/health.js';
import { formatJson } from '../ui/table.js';
import { action, type Context } from './runtime.js';

/** `mqcli health`: exit 0 when healthy, 1 when not, for scripts and probes. */
export function healthCommand(context: Context): Command {
  return new Command('health')
    .description('check the cluster: alarms in effect, nodes down, quorum queues one node loss from unavailable; exit 0 healthy, 1 not (management API)')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, options: { json?: boolean }) => {
        const [{ opsApi }, { health }, { formatTable }] = await Promise.all([
          import('../core/ops/api.js'),
          import('../core/ops/health.js'),
          import('../ui/table.js'),
        ]);
        const report = await health(await opsApi(run, 'health'));
        run.stdout.write(options.json === true ? formatJson(report) : formatTable(healthRows(report), { tty: run.stdout.isTTY === true }));
        return report.healthy ? 0 : 1;
      }),
    );
}

/** One `check  ok|failed  detail` row per check, then one line for the verdict. */
export function healthRows(report: HealthReport): string[][] {
  const { nodes, alarms, quorumCritical } = report;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'failed');
  return [
    ['nodes', verdict(nodes.down.length === 0), nodes.down.length === 0 ? `${nodes.running.length} running` : `down: ${nodes.down.join(', ')}`],
    ['alarms', verdict(alarms.length === 0), alarms.length === 0 ? 'none' : alarms.map((alarm) => `${alarm.resource} on ${alarm.node}`).join(', ')],
    [
      'quorum',
      verdict(quorumCritical.length === 0),
      quorumCritical.length === 0
        ? 'no quorum queue is one node loss from unavailable'
        : quorumCritical.map((queue) => `'${queue.name}' in vhost '${queue.vhost}' (${queue.online} of ${queue.members} members online)`).join(', '),
    ],
    ['health', report.healthy ? 'healthy' : 'unhealthy', ''],
  ];
}
