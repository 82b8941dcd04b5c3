import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli vhost …`: list the virtual hosts of the broker. */
export function vhostCommand(context: Context): Command {
  return new Command('vhost').description('list the virtual hosts of the broker (management API)').addCommand(listCommand(context));
}
