import { Command, Option } from 'commander';
import type { QueueOptions } from '../../core/amqp/queue-spec.js';
import { OVERFLOW_MODES, QUEUE_TYPES } from '../../core/amqp/queue-spec.js';
import { COUNT, integer, keyValues, NON_NEGATIVE } from '../parsers.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderQueue } from './present.js';

interface DeclareOptions extends QueueOptions {
  passive?: boolean;
  json?: boolean;
}

/** `mqcli queue declare <queue>`: create a queue (or check it, with --passive) and show it. */
export function declareCommand(context: Context): Command {
  return new Command('declare')
    .description('declare a queue (idempotent: the same settings again succeed) and print its settings and counts')
    .argument('[queue]', 'queue name (default: $QUEUE_NAME)')
    .option('--durable', 'survive a broker restart (the default)')
    .option('--no-durable', 'a transient queue, gone when the broker restarts')
    .option('--exclusive', 'only this connection may use it; it is deleted when mqcli exits')
    .option('--auto-delete', 'delete it when its last consumer goes away')
    .addOption(new Option('--type <type>', 'queue type').choices(QUEUE_TYPES))
    .option('--max-length <n>', 'most messages it holds (x-max-length)', integer(NON_NEGATIVE))
    .option('--max-length-bytes <n>', 'most bytes of bodies it holds (x-max-length-bytes)', integer(NON_NEGATIVE))
    .option('--message-ttl <ms>', 'messages expire after this long (x-message-ttl)', integer(NON_NEGATIVE))
    .option('--expires <ms>', 'delete the queue after it is unused this long (x-expires)', integer(COUNT))
    .option('--dead-letter-exchange <name>', 'exchange for rejected and expired messages (x-dead-letter-exchange)')
    .option('--dead-letter-routing-key <key>', 'routing key for dead-lettered messages (x-dead-letter-routing-key)')
    .option('--max-priority <n>', 'highest message priority, 1-255 (x-max-priority)', integer({ min: 1, max: 255, expected: 'a whole number from 1 to 255' }))
    .addOption(new Option('--overflow <mode>', 'what to do when full (x-overflow)').choices(OVERFLOW_MODES))
    .option('--arg <key=value>', 'any other x-argument; numbers and true/false are typed, "quoted" stays a string (repeatable)', keyValues('--arg'))
    .option('--passive', 'only check that the queue exists, and show its counts')
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string | undefined, options: DeclareOptions) => {
        const { runDeclare } = await import('../../core/queue/run-declare.js');
        run.stdout.write(renderQueue(await runDeclare(run, name, options), renderOptions(run, options.json)));
      }),
    );
}
