import { Command } from 'commander';
import { bindingCommand } from '../binding.js';
import type { Context } from '../runtime.js';
import { browseCommand } from './browse.js';
import { copyCommand } from './copy.js';
import { declareCommand } from './declare.js';
import { deleteCommand } from './delete.js';
import { infoCommand } from './info.js';
import { listCommand } from './list.js';
import { moveCommand } from './move.js';
import { purgeCommand } from './purge.js';

/** `mqcli queue …`: the queue subcommands. */
export function queueCommand(context: Context): Command {
  return new Command('queue')
    .description('declare, inspect, browse, move, copy, purge, delete and bind queues')
    .addCommand(declareCommand(context))
    .addCommand(infoCommand(context))
    .addCommand(listCommand(context))
    .addCommand(browseCommand(context))
    .addCommand(moveCommand(context))
    .addCommand(copyCommand(context))
    .addCommand(purgeCommand(context))
    .addCommand(deleteCommand(context))
    .addCommand(bindingCommand(context, 'queue', false))
    .addCommand(bindingCommand(context, 'queue', true));
}
