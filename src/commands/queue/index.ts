import { Command } from 'commander';
import { bindingCommand } from '../binding.js';
import type { Context } from '../runtime.js';
import { browseCommand } from './browse.js';
import { copyCommand } from './copy.js';
import { declareCommand } from './declare.js';
import { deleteCommand } from './delete.js';
import { dumpCommand } from './dump.js';
import { infoCommand } from './info.js';
import { listCommand } from './list.js';
import { moveCommand } from './move.js';
import { purgeCommand } from './purge.js';
import { restoreCommand } from './restore.js';

/** `mqcli queue …`: the queue subcommands. */
export function queueCommand(context: Context): Command {
  return new Command('queue')
    .description('declare, inspect, browse, move, copy, dump, restore, purge, delete and bind queues')
    .addCommand(declareCommand(context))
    .addCommand(infoCommand(context))
    .addCommand(listCommand(context))
    .addCommand(browseCommand(context))
    .addCommand(moveCommand(context))
    .addCommand(copyCommand(context))
    .addCommand(dumpCommand(context))
    .addCommand(restoreCommand(context))
    .addCommand(purgeCommand(context))
    .addCommand(deleteCommand(context))
    .addCommand(bindingCommand(context, 'queue', false))
    .addCommand(bindingCommand(context, 'queue', true));
}
