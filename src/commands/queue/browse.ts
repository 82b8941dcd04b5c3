import { Command, Option } from 'commander';
import { FORMATS } from '../../core/listen/output-formats.js';
import type { ListenFlags } from '../../core/listen/plan.js';
import { COUNT, integer } from '../parsers.js';
import { action, type Context } from '../runtime.js';

type BrowseFlags = Pick<ListenFlags, 'format' | 'json' | 'template' | 'delimiter' | 'count' | 'where' | 'decode'>;

/**
 * `mqcli queue browse <queue>`: listen --peek's path (a command may use any core folder), with
 * what --peek lacks for a look at a whole queue: it stops at what was there when it started, and
 * reads a stream by offset.
 */
export function browseCommand(context: Context): Command {
  return new Command('browse')
    .description("print a queue's messages in any of listen's formats, leaving every one in the queue")
    .argument('[queue]', 'queue to look into (default: $QUEUE_NAME); never created')
    .addOption(new Option('--format <format>', 'pretty on a terminal, raw (bodies only) in a pipe').choices(FORMATS))
    .option('--json', 'one JSON envelope per line (short for --format json)')
    .option('--template <text>', "each message through a template, as listen --template: '{routingKey}\\t{body}\\n'")
    .option('--decode', 'pretty and template output: show gzip, deflate and br bodies decoded, by their content-encoding')
    .option('-d, --delimiter <text>', "written after each body in raw format (default \\n; '' for none)")
    .option('-n, --count <n>', 'show the first n (that --where matches)', integer(COUNT))
    .option('--where <expression>', 'only messages this JMESPath expression matches: "body.amount > `100`" (see the README)')
    .addHelpText(
      'after',
      `
Shows what the queue holds when it starts, then stops. A classic queue keeps
its order; each message comes back marked redelivered, and a quorum queue
counts a delivery. A stream is read from its first offset and not changed.

Examples:
  mqcli queue browse jobs                      every message, pretty on a terminal
  mqcli queue browse jobs --json | jq .body    as listen --json envelopes
  mqcli queue browse jobs.dlq --count 5        the first five
  mqcli queue browse jobs.dlq --where "\\"x-death\\"[0].reason == 'expired'"`,
    )
    .action(
      action(context, async (run, queue: string | undefined, flags: BrowseFlags) => {
        const { planListen } = await import('../../core/listen/plan.js');
        const plan = planListen(queue, { ...flags, peek: true }, { isTTY: run.stdout.isTTY === true }, run.env);
        const [{ runBrowse }, { listenSummary, consumeExit }] = await Promise.all([import('../../core/listen/browse.js'), import('../listen-present.js')]);
        const outcome = await runBrowse(run, { ...plan, queue: plan.queue as string });
        if (outcome.listened) run.log.info(listenSummary(outcome));
        return consumeExit(outcome.end);
      }),
    );
}
