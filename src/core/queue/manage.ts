import type { Run } from '../context.js';
import { withConnection } from '../broker/session.js';
import { RuntimeError } from '../errors.js';
import { checkQueue, type QueueState } from './declare.js';

/** Asked before a queue that holds messages loses them; false stops the command. None: nothing is asked (--yes). */
export type Approve = (state: QueueState) => Promise<boolean>;

/** What `queue purge` did. */
export interface PurgeResult {
  queue: string;
  purged: number;
}

/** What `queue delete` did: `messages` went with the queue. */
export interface DeleteResult {
  queue: string;
  messages: number;
}

/** `queue purge`: removes the ready messages, once `approve` agrees when there are any. */
export async function queuePurge(run: Run, name: string, options: { approve?: Approve | undefined }): Promise<PurgeResult> {
  const { connection: settings } = await run.settings();
  return withConnection(settings, { name: 'mqcli queue purge' }, async (broker) => {
    const state = await checkQueue(broker, name);
    if (state.messages > 0) await ask(options.approve, state, 'nothing was purged');
    const { messageCount } = await (await broker.channel()).purgeQueue(name);
    return { queue: name, purged: messageCount };
  });
}

/** `queue delete`: deletes the queue (guarded by --if-empty / --if-unused), once `approve` agrees when it holds messages. */
export async function queueDelete(
  run: Run,
  name: string,
  options: { ifEmpty: boolean; ifUnused: boolean; approve?: Approve | undefined },
): Promise<DeleteResult> {
  const { connection: settings } = await run.settings();
  return withConnection(settings, { name: 'mqcli queue delete' }, async (broker) => {
    const state = await checkQueue(broker, name);
    // With --if-empty the broker itself refuses a queue that holds messages: nothing to ask.
    if (state.messages > 0 && !options.ifEmpty) await ask(options.approve, state, 'nothing was deleted');
    const { messageCount } = await (await broker.channel()).deleteQueue(name, { ifEmpty: options.ifEmpty, ifUnused: options.ifUnused });
    return { queue: name, messages: messageCount };
  });
}

async function ask(approve: Approve | undefined, state: QueueState, declined: string): Promise<void> {
  if (approve !== undefined && !(await approve(state))) throw new RuntimeError(`not confirmed: ${declined}`, { hint: 'Pass --yes to skip the question' });
}
