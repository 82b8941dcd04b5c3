import { Command } from 'commander';
import type { Context } from '../runtime.js';
import { exportCommand } from './export.js';

/** `mqcli definitions …`: a vhost's topology as a file (`mqcli plan` and `mqcli apply` read it). */
export function definitionsCommand(context: Context): Command {
  return new Command('definitions').description("export a vhost's topology as a file for plan and apply (management API)").addCommand(exportCommand(context));
}
