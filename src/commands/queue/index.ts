import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { declareCommand } from './declare.js';

/** `mqcli queue …`: the queue subcommands. */
export function queueCommand(context: Context): Command {
  return new Command('queue').description('declare and inspect queues').addCommand(declareCommand(context));
}
