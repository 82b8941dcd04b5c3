import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli permission …`: list who may configure, write and read on the vhost. */
export function permissionCommand(context: Context): Command {
  return new Command('permission').description('list who may configure, write and read on the vhost (management API)').addCommand(listCommand(context));
}
