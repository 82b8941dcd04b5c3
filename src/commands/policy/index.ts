import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { listCommand } from './list.js';

/** `mqcli policy …`: list the policies and operator policies of the vhost. */
export function policyCommand(context: Context): Command {
  return new Command('policy').description('list the policies and operator policies of the vhost (management API)').addCommand(listCommand(context));
}
