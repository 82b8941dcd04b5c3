import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { closeCommand } from './close.js';
import { listCommand } from './list.js';

/** `mqcli connection …`: see and close client connections. */
export function connectionCommand(context: Context): Command {
  return new Command('connection')
    .description('list and close client connections (management API)')
    .addCommand(listCommand(context))
    .addCommand(closeCommand(context));
}
