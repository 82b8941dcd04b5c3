import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli user …`: the users of the broker, never their password hashes. */
export function userCommand(context: Context): Command {
  return new Command('user')
    .description('list the users of the broker and their tags, never password hashes (management API)')
    .addCommand(listCommand(context));
}
