import type { BrokerConnection } from '../broker/connection.js';
import { QueueDepth } from '../broker/queue-depth.js';
import type { Listener } from './listener.js';
import type { ListenPlan } from './plan.js';
import { consume, exclusive, type Subscription } from './subscription.js';

/**
 * --drain: whenever everything delivered is written and acked, asks the broker (on a channel of
 * its own) whether messages are ready. When none are, the consumer is cancelled (deliveries
 * already on their way arrive before the broker confirms the cancel) and, if still none are
 * ready, listening is done; otherwise it consumes again.
 */
export function drainWatch(
  enabled: boolean,
  plan: ListenPlan,
  connection: () => BrokerConnection | undefined,
  current: () => Subscription | undefined,
  listener: Listener,
  onDrained: () => void,
) {
  let checking = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let depth: QueueDepth | undefined;
  const check = async (): Promise<void> => {
    const subscription = current();
    if (!enabled || stopped || checking || subscription === undefined || !listener.idle) return;
    checking = true;
    try {
      // A reconnect may consume from another queue (a tap's own queue is new each time).
      if (depth?.queue !== subscription.queue) depth = new QueueDepth(connection, subscription.queue);
      const queue = depth;
      if (!(await queue.seemsEmpty())) {
        // Ready messages that do not come to us (another consumer has them), or a queue without
        // a leader, get another look soon.
        retry = setTimeout(() => void check(), 100);
        return;
      }
      const drained = await exclusive(subscription, async () => {
        await subscription.channel.cancel(subscription.consumerTag);
        await listener.flushed();
        if ((await queue.ready()) === 0 && listener.idle) return true;
        subscription.consumerTag = await consume(subscription.channel, subscription.queue, listener, plan);
        return false;
      });
      if (drained) {
        onDrained();
        return;
      }
      // Messages became ready meanwhile; if they never reach us, look again.
      retry = setTimeout(() => void check(), 100);
    } catch {
      // A channel or the connection went away: look again with a fresh channel; after a
      // reconnect, the new subscription starts the checks again.
      depth?.forget();
      retry = setTimeout(() => void check(), 100);
    } finally {
      checking = false;
    }
  };
  return {
    check: () => void check(),
    clear: () => {
      stopped = true;
      clearTimeout(retry);
    },
  };
}
