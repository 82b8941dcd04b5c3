import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli node …`: list the nodes of the cluster with their alarms. */
export function nodeCommand(context: Context): Command {
  return new Command('node').description('list the nodes of the cluster with their alarms (management API)').addCommand(listCommand(context));
}
