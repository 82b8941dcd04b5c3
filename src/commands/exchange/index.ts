import { Command } from 'commander';
import { bindingCommand } from '../binding.js';
import type { Context } from '../runtime.js';
import { declareCommand } from './declare.js';
import { deleteCommand } from './delete.js';
import { listCommand } from './list.js';

/** `mqcli exchange …`: declare, delete, list and bind exchanges. */
export function exchangeCommand(context: Context): Command {
  return new Command('exchange')
    .description('declare, delete, list and bind exchanges')
    .addCommand(declareCommand(context))
    .addCommand(deleteCommand(context))
    .addCommand(listCommand(context))
    .addCommand(bindingCommand(context, 'exchange', false))
    .addCommand(bindingCommand(context, 'exchange', true));
}
