import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli consumer …`: who consumes from the vhost's queues. */
export function consumerCommand(context: Context): Command {
  return new Command('consumer').description("list the consumers of the vhost's queues (management API)").addCommand(listCommand(context));
}
