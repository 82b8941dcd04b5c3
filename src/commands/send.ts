import { Command } from 'commander';
import type { SendFlags } from '../core/send/plan.js';
import { addMessageOptions } from './message-options.js';
import { COUNT, integer, positiveNumber, RETRY_SECONDS } from './parsers.js';
import { action, type Context } from './runtime.js';

/** Far above what one connection can publish; beyond it --rate would limit nothing. */
const MAX_RATE = 1_000_000;

/** `mqcli send`: publish messages, each confirmed by the broker before mqcli exits 0. */
export function sendCommand(context: Context): Command {
  const command = new Command('send')
    .description('publish messages to a queue (or an exchange) and wait until the broker confirms each one')
    .argument('[queue]', 'queue to send to (default: $QUEUE_NAME); with --exchange, the routing key')
    .argument('[message...]', 'messages, one per argument; without any, stdin is read')
    .optionsGroup('Input:')
    .option('-f, --file <path...>', 'send each file as one message, bytes as on disk')
    .option('--json', 'stdin holds JSON envelopes, one per line, as listen --json prints them')
    .option('--whole', 'send all of stdin as one message')
    .option('-d, --delimiter <text>', 'split stdin at this instead of newlines (escapes: \\n \\t \\0 \\xHH)')
    .option('--keep-empty', 'send empty lines too')
    .option('--repeat <n>', 'send the message(s) n times over (load generation)', integer(COUNT))
    .option('--rate <n>', 'send at most n messages per second, evenly spaced (fractions allowed: 0.5 is one every 2 s)', positiveNumber(MAX_RATE))
    .optionsGroup('Destination:')
    .option('-e, --exchange <name>', 'publish to this exchange; the first argument is then the routing key')
    .option('--no-declare', 'do not create a missing queue (the messages are then unroutable)')
    .option('--no-confirm', 'do not wait for publisher confirms: faster, but messages can be lost without notice')
    .option('--no-reconnect', 'exit 1 when the connection is lost, instead of reconnecting and publishing the unconfirmed messages again')
    .option(
      '--retry-nacks <seconds>',
      'after a failover, publish what the broker nacks again for this long, while a quorum queue elects a leader (default 300; 0: exit 1 at a nack)',
      integer(RETRY_SECONDS),
    );
  addMessageOptions(command, {
    contentType: 'content type (for --file, guessed from the extension when left out)',
    persistent: 'delivery mode 2, stored on disk by durable queues (the default)',
    transient: 'delivery mode 1: faster, but a broker restart loses the messages even in a durable queue',
    correlationId: 'correlation id',
    replyTo: true,
  });
  return command
    .optionsGroup('Options:')
    .addHelpText(
      'after',
      `
Examples:
  mqcli send hello "Hello"                      one message, confirmed
  producer | mqcli send jobs                    one message per line of stdin
  mqcli send jobs --file order.json             a file as one (application/json)
  mqcli send --exchange logs app.error "disk full"
  mqcli send load ping --repeat 600 --rate 10   one each 100 ms for a minute
  mqcli listen a --drain --json | mqcli send b --json`,
    )
    .action(
      action(context, async (run, queue: string | undefined, messages: string[], flags: SendFlags) => {
        const { planSend } = await import('../core/send/plan.js');
        const plan = planSend(queue, messages, flags, { isTTY: run.stdin.isTTY === true, holdsPassword: run.passwordOnStdin }, run.env);
        const [{ runSend }, { interruptedLine, presentSend }] = await Promise.all([import('../core/send/run.js'), import('./send-present.js')]);
        return presentSend(run, await runSend(run, plan, (stats) => interruptedLine(stats, plan.confirm)));
      }),
    );
}
