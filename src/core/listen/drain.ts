import type { Channel } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import type { Listener } from './listener.js';
import type { ListenPlan } from './plan.js';
import { consume, exclusive, type Subscription } from './subscription.js';

/**
 * How long a queue may say "no messages, no consumers" while ours is on it before that is
 * believed. A quorum queue without a leader (its node just died, the election is on) answers
 * so for a few seconds, whatever it holds; a queue that never counts consumers is still drained.
 */
const LEADERLESS_DOUBT_MS = 30_000;

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
  let probe: Channel | undefined;
  let doubtSince: number | undefined;
  const counts = async (queue: string): Promise<{ messageCount: number; consumerCount: number }> => {
    const current = connection();
    if (current === undefined) throw new Error('not connected');
    probe ??= await current.channel();
    return probe.checkQueue(queue);
  };
  const ready = async (queue: string): Promise<number> => (await counts(queue)).messageCount;
  /** An empty queue that does not count our consumer is in doubt (see LEADERLESS_DOUBT_MS). */
  const seemsEmpty = async (queue: string): Promise<boolean> => {
    const { messageCount, consumerCount } = await counts(queue);
    if (messageCount > 0) return false;
    if (consumerCount > 0) {
      doubtSince = undefined;
      return true;
    }
    doubtSince ??= Date.now();
    return Date.now() - doubtSince >= LEADERLESS_DOUBT_MS;
  };
  const check = async (): Promise<void> => {
    const subscription = current();
    if (!enabled || stopped || checking || subscription === undefined || !listener.idle) return;
    checking = true;
    try {
      if (!(await seemsEmpty(subscription.queue))) {
        // Ready messages that do not come to us (another consumer has them), or a queue without
        // a leader, get another look soon.
        retry = setTimeout(() => void check(), 100);
        return;
      }
      const drained = await exclusive(subscription, async () => {
        await subscription.channel.cancel(subscription.consumerTag);
        await listener.flushed();
        if ((await ready(subscription.queue)) === 0 && listener.idle) return true;
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
      probe = undefined;
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
