import { Command } from 'commander';
import { showControls } from './core/escape.js';
import { version } from './core/version.js';
import { completeCommand, completionCommand } from './commands/completion.js';
import { configCommand } from './commands/config.js';
import { exchangeCommand } from './commands/exchange/index.js';
import { listenCommand } from './commands/listen.js';
import { addGlobalOptions } from './commands/global-options.js';
import { perfCommand } from './commands/perf.js';
import { pingCommand } from './commands/ping.js';
import { queueCommand } from './commands/queue/index.js';
import { sendCommand } from './commands/send.js';
import { requestCommand } from './commands/request.js';
import type { Context } from './commands/runtime.js';
import { bindingGroupCommand } from './commands/binding/index.js';
import { channelCommand } from './commands/channel/index.js';
import { connectionCommand } from './commands/connection/index.js';
import { consumerCommand } from './commands/consumer/index.js';
import { healthCommand } from './commands/health.js';
import { applyCommand } from './commands/apply.js';
import { definitionsCommand } from './commands/definitions/index.js';
import { planCommand } from './commands/plan.js';
import { nodeCommand } from './commands/node/index.js';
import { permissionCommand } from './commands/permission/index.js';
import { policyCommand } from './commands/policy/index.js';
import { userCommand } from './commands/user/index.js';
import { vhostCommand } from './commands/vhost/index.js';

/** Declares every command; each action lazily imports the code it runs. */
export function buildProgram(context: Context): Command {
  const program = addGlobalOptions(
    new Command('mqcli').description('A command-line client for RabbitMQ (AMQP 0-9-1).').version(version(), '-V, --version', 'print the version'),
  )
    .addCommand(sendCommand(context))
    .addCommand(listenCommand(context))
    .addCommand(pingCommand(context))
    .addCommand(configCommand(context))
    .addCommand(queueCommand(context))
    .addCommand(exchangeCommand(context))
    .addCommand(requestCommand(context))
    .addCommand(perfCommand(context))
    .addCommand(connectionCommand(context))
    .addCommand(channelCommand(context))
    .addCommand(consumerCommand(context))
    .addCommand(bindingGroupCommand(context))
    .addCommand(vhostCommand(context))
    .addCommand(userCommand(context))
    .addCommand(permissionCommand(context))
    .addCommand(policyCommand(context))
    .addCommand(nodeCommand(context))
    .addCommand(healthCommand(context))
    .addCommand(definitionsCommand(context))
    .addCommand(planCommand(context))
    .addCommand(applyCommand(context))
    .addCommand(completionCommand(context))
    .addCommand(completeCommand(context), { hidden: true });
  configureAll(program, context);
  return program;
}

/** Commander settings every command needs; addCommand() does not pass them down by itself. */
function configureAll(command: Command, context: Context): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      // Commander's errors quote what was typed: shown with its control characters escaped, as the Logger does.
      writeErr: (text) => context.stderr.write(showControls(text)),
    })
    .showHelpAfterError(`(see: ${commandPath(command)} --help)`)
    .showSuggestionAfterError(true)
    // Commander stops wrapping when less than 40 columns are left for descriptions, and the
    // long `exchange unbind <destination> <source>` leaves 37: wrap down to 30 instead.
    .configureHelp({ showGlobalOptions: command.parent !== null, sortSubcommands: false, minWidthToWrap: 30 });
  for (const sub of command.commands) configureAll(sub, context);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}
