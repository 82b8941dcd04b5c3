import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli binding …`: what is bound to what (`queue bind` and `exchange bind` make them). */
export function bindingGroupCommand(context: Context): Command {
  return new Command('binding').description('list the bindings of the vhost (management API)').addCommand(listCommand(context));
}
