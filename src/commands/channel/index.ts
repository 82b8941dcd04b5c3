import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli channel …`: the channels of client connections. */
export function channelCommand(context: Context): Command {
  return new Command('channel').description('list the channels of client connections (management API)').addCommand(listCommand(context));
}
