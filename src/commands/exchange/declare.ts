import { Command, InvalidArgumentError, Option } from 'commander';
import type { ExchangeOptions } from '../../core/exchange/manage.js';
import { EXCHANGE_TYPES as TYPES } from '../../core/exchange/types.js';
import { keyValues } from '../parsers.js';
import { renderOptions } from '../record.js';
import { action, type Context } from '../runtime.js';
import { renderExchange } from './present.js';

function exchangeType(value: string): string {
  // Plugins add types of their own (x-consistent-hash, x-delayed-message…).
  if (TYPES.includes(value) || value.startsWith('x-')) return value;
  throw new InvalidArgumentError(`Expected ${TYPES.join(', ')} or a plugin's x-… type.`);
}

/** `mqcli exchange declare <name> --type <type>`. */
export function declareCommand(context: Context): Command {
  return new Command('declare')
    .description('declare an exchange (idempotent) and print its settings')
    .argument('<name>', 'exchange name')
    .addOption(new Option('-t, --type <type>', 'direct, fanout, topic or headers').argParser(exchangeType).makeOptionMandatory())
    .option('--durable', 'survive a broker restart (the default)')
    .option('--no-durable', 'gone when the broker restarts')
    .option('--auto-delete', 'delete it when its last binding goes')
    .option('--internal', 'only other exchanges may publish to it')
    .option('--alternate-exchange <name>', 'where messages go that nothing takes')
    .option('--arg <key=value>', 'any other argument; numbers and true/false are typed (repeatable)', keyValues('--arg'))
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, name: string, options: ExchangeOptions & { json?: boolean }) => {
        const { checkName } = await import('../../core/amqp/names.js');
        const { exchangeDeclare } = await import('../../core/exchange/manage.js');
        run.stdout.write(renderExchange(await exchangeDeclare(run, checkName(name, 'exchange'), options), renderOptions(run, options.json)));
      }),
    );
}
