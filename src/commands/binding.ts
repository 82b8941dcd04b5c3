import { Command } from 'commander';
import type { Binding } from '../core/bindings.js';
import { formatJson, formatLine } from '../ui/table.js';
import { keyValues } from './parsers.js';
import { action, type Context } from './runtime.js';

interface BindingOptions {
  routingKey?: string;
  arg?: string[];
  json?: boolean;
}

/** `queue bind|unbind` and `exchange bind|unbind`: one shape, four commands. */
export function bindingCommand(context: Context, kind: 'queue' | 'exchange', unbind: boolean): Command {
  const verb = unbind ? 'unbind' : 'bind';
  const [what, article] = kind === 'queue' ? ['<queue>', 'a'] : ['<destination>', 'an'];
  return new Command(verb)
    .description(`${unbind ? 'remove the binding of' : 'bind'} ${article} ${kind} ${unbind ? 'from' : 'to'} a source exchange`)
    .argument(what, kind === 'queue' ? 'queue name' : 'destination exchange')
    .argument(kind === 'queue' ? '<exchange>' : '<source>', 'source exchange')
    .option('-k, --routing-key <key>', 'routing key (binding key); default empty')
    .option('--arg <key=value>', 'binding argument, e.g. x-match=any for headers exchanges (repeatable)', keyValues('--arg'))
    .option('--json', 'print one JSON object')
    .action(
      action(context, async (run, destination: string, source: string, options: BindingOptions) => {
        const { checkName, checkRoutingKey } = await import('../core/amqp/names.js');
        const { checkArgumentsSize } = await import('../core/publish-limits.js');
        const { parseArguments } = await import('../core/key-value.js');
        const { changeBinding } = await import('../core/bindings.js');
        checkName(destination, kind);
        checkName(source, 'exchange');
        checkRoutingKey(options.routingKey ?? '');
        checkArgumentsSize(parseArguments(options.arg ?? []));
        const request = { kind, destination, source, routingKey: options.routingKey ?? '', arg: options.arg ?? [], unbind };
        run.stdout.write(renderBinding(await changeBinding(run, request), options.json === true));
      }),
    );
}

/** One JSON object, or `bound queue 'q' to exchange 'x' (routing key 'k')`. */
function renderBinding(binding: Binding, json: boolean): string {
  const { kind, destination, source, routingKey } = binding;
  if (json) return formatJson({ [kind]: destination, exchange: source, routingKey, arguments: binding.arguments, bound: binding.bound });
  const [done, preposition] = binding.bound ? ['bound', 'to'] : ['unbound', 'from'];
  return formatLine(`${done} ${kind} '${destination}' ${preposition} exchange '${source}' (routing key '${routingKey}')`);
}
