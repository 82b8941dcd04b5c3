import { ManagementApi, segment } from '../management/client.js';
import type { ConnectionSettings } from '../settings/types.js';
import type { Logger } from '../../ui/log.js';

interface QueueInfo {
  arguments?: Record<string, unknown>;
  effective_policy_definition?: Record<string, unknown> | unknown[];
}

/**
 * --on-error reject drops a message unless its queue dead-letters: says so once. A passive
 * declare does not tell a queue's arguments or policies, so the management API is asked; when it
 * does not answer, the warning says the check could not be made.
 */
export async function warnIfNoDeadLetter(log: Logger, settings: ConnectionSettings, queue: string): Promise<void> {
  let info: QueueInfo;
  try {
    info = await new ManagementApi(settings).get<QueueInfo>(`/api/queues/${segment(settings.vhost)}/${segment(queue)}`);
  } catch (error) {
    log.warn(`could not check whether queue '${queue}' has a dead-letter exchange (${(error as Error).message}); without one, rejected messages are dropped`);
    return;
  }
  if (hasDeadLetter(info)) return;
  log.warn(`queue '${queue}' has no dead-letter exchange: the messages --on-error reject rejects are dropped`);
}

/** Dead-lettering set by the queue's own arguments or by a policy. */
export function hasDeadLetter(info: QueueInfo): boolean {
  const policy = Array.isArray(info.effective_policy_definition) ? {} : (info.effective_policy_definition ?? {});
  return info.arguments?.['x-dead-letter-exchange'] !== undefined || policy['dead-letter-exchange'] !== undefined;
}
