import { Command, Option } from 'commander';
import { FORMATS } from '../core/listen/output-formats.js';
import type { ListenFlags } from '../core/listen/plan.js';
import { EXEC_OUTPUTS, type ExecFlags, ON_ERROR } from '../core/exec/plan.js';
import { UsageError } from '../core/errors.js';
import { collect, COUNT, integer } from './parsers.js';
import { action, type Context } from './runtime.js';

/** `mqcli listen`: tail a queue (or an exchange), acking each message only after writing it. */
export function listenCommand(context: Context): Command {
  return new Command('listen')
    .description('print messages from a queue as they arrive, like tail -f; each is acked only after it is written')
    .argument('[queue]', 'queue to consume (default: $QUEUE_NAME; created when missing)')
    .optionsGroup('Output:')
    .addOption(new Option('--format <format>', 'pretty on a terminal, raw (bodies only) in a pipe').choices(FORMATS))
    .option('--json', 'one JSON envelope per line (short for --format json); send --json reads it back')
    .option('--template <text>', "each message through a template (implies --format template): '{routingKey}\\t{headers.x-id}\\t{body}\\n'")
    .option('--decode', 'pretty and template output: show gzip, deflate and br bodies decoded, by their content-encoding')
    .option('-d, --delimiter <text>', "written after each body in raw format (default \\n; '' for none; escapes: \\n \\t \\0 \\xHH)")
    .optionsGroup('When to stop:')
    .option('-n, --count <n>', 'exit after n messages, having acked exactly n', integer(COUNT))
    .option(
      '--idle-timeout <seconds>',
      'exit when no message has come for this long',
      integer({ min: 1, max: 2_147_483, expected: 'whole seconds from 1 to 2147483' }),
    )
    .option('--drain', 'exit once the queue is empty')
    .option('--peek', 'print ready messages without removing them (up to --count)')
    .optionsGroup('Consuming:')
    .option(
      '--prefetch <n>',
      'most unacked messages in flight (default 100, 0 for no limit)',
      integer({ min: 0, max: 65_535, expected: 'a whole number from 0 to 65535' }),
    )
    .option(
      '--no-ack',
      'let the broker forget each message as it is sent (the tutorial’s auto-ack): faster, but stopping or crashing loses what was sent and not yet written',
    )
    .option('-e, --exchange <name>', 'tap an exchange through a temporary queue instead of consuming a queue')
    .option('-b, --binding <key>', 'binding key for --exchange (repeatable; default: what sees every message, by exchange type)', collect())
    .option('--where <expression>', 'with --exchange or --peek: only messages this JMESPath expression matches (see the README)')
    .option('--offset <offset>', 'stream queues: where to start: first, last, next, an offset, an interval (30m) or an ISO time')
    .option('--no-declare', 'fail if the queue does not exist, instead of creating it')
    .option('--no-reconnect', 'exit 1 when the connection is lost, instead of reconnecting')
    .optionsGroup('Running a command per message:')
    .option('--exec <command>', 'run this shell command per message, body on stdin, properties in MQ_* variables; exit 0 acks')
    .addOption(new Option('--on-error <action>', 'when a command fails: stop (requeue it and exit 1), requeue, or reject (dead-letter)').choices(ON_ERROR))
    .option('--concurrency <n>', 'run up to n commands at once (default 1)', integer({ min: 1, max: 1000, expected: 'a whole number from 1 to 1000' }))
    .option(
      '--exec-timeout <seconds>',
      'kill a command that runs longer (SIGTERM, then SIGKILL)',
      integer({ min: 1, max: 2_147_483, expected: 'whole seconds from 1 to 2147483' }),
    )
    .addOption(new Option('--exec-output <format>', "the commands' lines as they are, or as JSON naming their message").choices(EXEC_OUTPUTS))
    .option('--reply', "publish each command's stdout to the message's reply-to, with its correlation id")
    .optionsGroup('Options:')
    .addHelpText(
      'after',
      `
Examples:
  mqcli listen hello                            tail a queue until Ctrl-C
  mqcli listen jobs --count 10 > ten.txt        ten bodies, acked, then exit
  mqcli listen jobs --drain --json | jq .body   all that is there, as JSON
  mqcli listen jobs --count 1 > next.txt       the next job, the rest untouched
  mqcli listen --exchange logs --binding 'app.*'
  mqcli listen jobs --exec ./handle.sh --concurrency 4
  mqcli listen rpc --exec 'tr a-z A-Z' --reply  an RPC server for mqcli request
  mqcli listen jobs --template '{deliveredAt} {routingKey} {size}\\n'

Template placeholders: {exchange} {routingKey} {redelivered} {deliveredAt}
  {body} {bodyBase64} {size} {headers} {headers.<name>} and each property:
  {contentType} {messageId} {timestamp} {appId} …
  Escapes \\t \\n \\r \\0 \\\\; {{ and }} write braces; an unknown placeholder
  stops mqcli at start.`,
    )
    .action(
      action(context, async (run, queue: string | undefined, flags: ListenFlags & ExecFlags) => {
        const exec = await import('../core/exec/plan.js');
        if (flags.exec !== undefined) {
          if (flags.where !== undefined) throw new UsageError('--where cannot be combined with --exec: what it does not match would have to stay in the queue');
          if (flags.decode) throw new UsageError('--decode applies to pretty and template output, not to --exec (its command gets the body as it came)');
          const plan = exec.planExec(queue, flags, run.env);
          const [{ runExec }, { execSummary, consumeExit }] = await Promise.all([import('../core/exec/run-exec.js'), import('./listen-present.js')]);
          const outcome = await runExec(run, plan);
          if (outcome.listened) run.log.info(execSummary(outcome, plan.reply));
          return consumeExit(outcome.end);
        }
        exec.checkExecOnly(flags);
        const { planListen } = await import('../core/listen/plan.js');
        const plan = planListen(queue, flags, { isTTY: run.stdout.isTTY === true }, run.env);
        const [{ runListen }, { listenSummary, consumeExit }] = await Promise.all([import('../core/listen/run-listen.js'), import('./listen-present.js')]);
        const outcome = await runListen(run, plan);
        if (outcome.listened) run.log.info(listenSummary(outcome));
        return consumeExit(outcome.end);
      }),
    );
}
