import { Command } from 'commander';
import type { RequestFlags } from '../core/request/plan.js';
import { oneLine } from '../core/escape.js';
import { UsageError } from '../core/errors.js';
import { addMessageOptions } from './message-options.js';
import { positiveNumber } from './parsers.js';
import { action, type Context } from './runtime.js';

/** `mqcli request`: publish one message and print the reply (RabbitMQ's direct reply-to). */
export function requestCommand(context: Context): Command {
  const command = new Command('request')
    .description('send a message with a reply-to, and print the reply (RPC client for listen --exec --reply)')
    .argument('[queue]', 'queue of the server (default: $QUEUE_NAME)')
    .argument('[message]', 'the request body; without it, all of stdin')
    .optionsGroup('Reply:')
    .option('--timeout <seconds>', 'wait this long for the reply (default 30); the connect timeout is then MQ_TIMEOUT or the rc file')
    .option('--json', 'print the reply as a JSON envelope, as listen --json does')
    .option('-d, --delimiter <text>', "written after the reply's body (default \\n; '' for none; escapes: \\n \\t \\0 \\xHH)");
  addMessageOptions(command, {
    contentType: 'content type',
    persistent: 'delivery mode 2',
    transient: 'delivery mode 1',
    correlationId: 'correlation id (default: a fresh UUID)',
    replyTo: false,
  });
  command.optionsGroup('Options:').addHelpText(
    'after',
    `
Examples:
  mqcli listen rpc --exec 'tr a-z A-Z' --reply &     a server
  mqcli request rpc hello                            prints HELLO
  mqcli request rpc --timeout 5 < query.json`,
  );
  const run = action(context, async (run, queue: string | undefined, message: string | undefined, flags: RequestFlags, timeout: number | undefined) => {
    const { planRequest } = await import('../core/request/plan.js');
    const plan = planRequest(queue, message, flags, timeout, { isTTY: run.stdin.isTTY === true, holdsPassword: run.passwordOnStdin }, run.env);
    const { runRequest } = await import('../core/request/run.js');
    return runRequest(run, plan);
  });
  return command.action(async (queue: string | undefined, message: string | undefined, flags: RequestFlags, self: Command) => {
    // Commander gives `--timeout` to the global option of that name (the connect timeout, in ms)
    // wherever it stands; that row leaves it as written (see FlagSpec.ownedBy). For request it
    // means the reply wait in seconds: take it back from there.
    const root = rootOf(self);
    const given = root.getOptionValueSource('timeout') === 'cli' ? (root.getOptionValue('timeout') as string) : undefined;
    if (given !== undefined) root.setOptionValueWithSource('timeout', undefined, 'default');
    await run(queue, message, flags, given === undefined ? undefined : replyWait(given), self);
  });
}

/** `--timeout <seconds>`, fractions allowed, up to a day. */
function replyWait(value: string): number {
  try {
    return positiveNumber(86_400)(value);
  } catch (error) {
    throw new UsageError(`--timeout must be a number of seconds above 0, up to 86400, not '${oneLine(value)}'`, { cause: error });
  }
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return root;
}
