import type { Run } from '../context.js';
import { Consumer } from '../consumer/consumer.js';
import type { ConsumeStats } from '../consumer/options.js';
import type { ConsumeEnd } from '../consumer/end.js';
import { namedQueue } from '../consumer/source.js';
import { onStopSignal } from '../signals.js';
import { type ListenCounts, Listener } from './listener.js';
import type { Message } from 'amqplib';
import { decoding } from './decode.js';
import { formatter } from './message-bytes.js';
import { type ListenPlan, MAX_PREFETCH } from './plan.js';
import { tapSource } from './tap.js';
import { unreadCapacity } from './unread.js';

/** Held messages older than this are handed back and held again (consumer timeouts are 30 min by default). */
const HOLD_LIMIT_MS = 60_000;
/** queue browse: nothing more came for this long, so another consumer has the rest of what was there. */
const HOLD_IDLE_MS = 2000;

/** How a listen went: why it ended, and what it wrote and handed back. */
export interface ListenOutcome extends ConsumeStats, ListenCounts {
  end: ConsumeEnd;
  peeked: boolean;
}

/**
 * What queue browse adds to a plan: look at no more than `upTo`, read a stream to `streamEnd`;
 * `hold`: consume without a prefetch limit and ack nothing, so closing puts all back (basic.get's
 * round trip per message is many times slower).
 */
export interface BrowseLimits {
  upTo?: number | undefined;
  streamEnd?: number | undefined;
  hold?: boolean | undefined;
}

/** `listen`: consumes (or peeks) until a stop condition, acking each message once it can have been read. */
export async function runListen(run: Run, plan: ListenPlan, browse: BrowseLimits = {}): Promise<ListenOutcome> {
  const queue = plan.queue;
  // Only a queue's messages are removed by acks: a stream keeps them, a tap's queue dies with us.
  const hold = browse.hold === true;
  const holdBack = queue !== undefined && plan.offset === undefined && !plan.noAck && !plan.peek && !hold;
  let listener: Listener | undefined;
  // --decode: what is printed, and what --where reads, is the body decoded by its content-encoding.
  const decoded = <T>(step: (message: Message) => T) => (plan.decode ? decoding(step, (problem) => run.log.warn(problem)) : step);
  const selfCounted = plan.where !== undefined || browse.streamEnd !== undefined || hold;
  let whereFailed = false;
  if (plan.where !== undefined) {
    plan.where.onError = (why) => {
      if (!whereFailed) run.log.warn(`--where could not be worked out for a message, which does not match (said once): ${why}`);
      whereFailed = true;
    };
  }
  const consumer = new Consumer<number>(
    run,
    {
      name: 'mqcli listen',
      source:
        queue === undefined
          ? tapSource(run, plan.exchange as string, plan.bindings)
          : namedQueue(run, { queue, declare: plan.declare, stream: plan.offset !== undefined, peek: plan.peek }),
      reconnect: plan.reconnect,
      noAck: plan.noAck,
      // Headers with the types they had on the wire, for what prints them so (the envelope, a
      // template, --peek); not for raw and pretty, which never read them typed (the hook halves
      // bench/typed-headers.mjs's receive rate).
      typedHeaders: plan.peek || plan.format === 'json' || plan.format === 'template' || plan.where !== undefined,
      // The core counts what the listener takes; with --where or to a stream's end, the listener counts.
      count: plan.peek || selfCounted ? undefined : plan.count,
      // A held browse waits for what the queue held; another consumer may have taken some.
      idleTimeoutMs: hold ? HOLD_IDLE_MS : plan.idleTimeoutMs,
      drain: plan.drain,
      offset: plan.offset,
      peek: plan.peek,
      streamNote: `queue '${queue}' is a stream: listen shows only messages that arrive from now on (--offset first reads it from the start)`,
    },
    (host) => {
      listener = new Listener(host, {
        format: decoded(formatter(plan.format, { delimiter: plan.delimiter, style: run.stdoutStyle, template: plan.template })),
        output: run.stdout,
        noAck: plan.noAck || plan.peek || hold,
        prefetch: plan.prefetch,
        stream: plan.offset !== undefined,
        unread: holdBack ? unreadCapacity(run.stdout) : 0,
        peekLimit: plan.count,
        peekUpTo: browse.upTo,
        where: plan.where === undefined ? undefined : { ...plan.where, matches: decoded(plan.where.matches) },
        limit: selfCounted && !plan.peek ? plan.count : undefined,
        streamEnd: browse.streamEnd,
        onStall: () => void widen(),
      });
      return listener;
    },
  );
  const written = listener as unknown as Listener;

  /**
   * Every unacked message sits written in the pipe, perhaps unread: only a larger prefetch lets
   * more come. A prefetch the user chose is kept, at the price of acking what the pipe took.
   */
  const widen = async (): Promise<void> => {
    const current = written.prefetch();
    if (current === 0) return;
    if (plan.prefetchGiven) {
      run.log.warn(
        `--prefetch ${plan.prefetch} leaves no room to hold back what the pipe may not have read: from now on a message is acked once ` +
          'the pipe takes it, so a reader that stops early loses what its pipe held (leave --prefetch out to let mqcli choose)',
      );
      written.stopHoldingBack();
      return;
    }
    const next = current >= MAX_PREFETCH ? 0 : Math.min(MAX_PREFETCH, current * 4);
    run.log.debug(`the pipe may hold ${written.heldCount} messages unread; raising the prefetch from ${current} to ${next === 0 ? 'no limit' : next}`);
    written.setPrefetch(next);
    // A channel lost meanwhile: the reconnect subscribes afresh with the new prefetch.
    await consumer.resubscribe().catch(() => {});
  };

  const removeSignals = onStopSignal((reason) => consumer.end({ kind: 'signal', reason }), run.exit);
  // Held messages must not outlive the broker's consumer timeout: hand them back now and then.
  const refresher = holdBack ? setInterval(() => written.refresh(HOLD_LIMIT_MS), HOLD_LIMIT_MS / 2) : undefined;
  const end = await consumer.consume();
  removeSignals();
  clearInterval(refresher);
  await consumer.close(end);
  const { counts } = written;
  // A tap's queue dies with it, and a stream keeps every message: only a queue takes messages back.
  return { end, peeked: plan.peek, ...consumer.stats(), written: counts.written, returned: holdBack ? counts.returned : 0 };
}
