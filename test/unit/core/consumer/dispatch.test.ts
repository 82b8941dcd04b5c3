// The consumer core's loop without a broker: which deliveries are new, which are redeliveries of
// messages handled before a reconnect, which go back; when --count and --idle-timeout end it.
import type { Channel, ConsumeMessage } from 'amqplib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dispatch, OWED_WAIT_MS } from '../../../../src/core/consumer/dispatch.js';
import type { ConsumeEnd } from '../../../../src/core/consumer/end.js';
import type { Handler } from '../../../../src/core/consumer/handler.js';
import { delivery } from '../../../helpers/consumer-host.js';

const channel = {} as Channel;

/** A handler that records what it was given; `busy` as the test says. */
function recorder() {
  const seen: string[] = [];
  const handler = {
    busy: false,
    take: (m: ConsumeMessage) => seen.push(`take ${m.content}`) > 0,
    retake: (m: ConsumeMessage, _c: Channel, remembered: string) => seen.push(`retake ${m.content} (${remembered})`),
    skip: (m: ConsumeMessage, c: Channel) => seen.push(`skip ${m.content}${c === channel ? '' : ' (another channel)'}`),
  } as unknown as Handler<string>;
  return { handler, seen };
}

function dispatch(options: { count?: number; idleTimeoutMs?: number } = {}) {
  const ends: ConsumeEnd[] = [];
  const caughtUp: number[] = [];
  const made = new Dispatch<string>({
    label: "queue 'jobs'",
    count: options.count,
    idleTimeoutMs: options.idleTimeoutMs,
    end: (end) => ends.push(end),
    ended: () => ends.length > 0,
    onCaughtUp: () => caughtUp.push(1),
  });
  const { handler, seen } = recorder();
  made.handler = handler;
  return { made, handler, seen, ends, caughtUp };
}

describe('Dispatch', () => {
  afterEach(() => vi.useRealTimers());

  it('hands new messages over, and leaves for the broker what comes after --count and after the end', () => {
    const { made, seen, ends } = dispatch({ count: 2 });
    for (const tag of [1, 2, 3]) made.deliver(channel, delivery(tag));
    expect(seen).toEqual(['take m1', 'take m2', 'skip m3']);
    made.progress();
    expect(ends).toEqual([{ kind: 'count' }]);
    made.deliver(channel, delivery(4));
    expect(seen.at(-1)).toBe('skip m4');
  });

  it('recognises a redelivery of a message handled before, with what was remembered, and does not count it', () => {
    const { made, seen, ends } = dispatch({ count: 2 });
    made.deliver(channel, delivery(1));
    // The channel went with m1 handled and unacked: its handler remembered it.
    made.memory.add(delivery(1), 'written up to 3');
    expect(made.budget()).toBe(2);
    made.deliver(channel, delivery(7, 'm1', { redelivered: true }));
    made.deliver(channel, delivery(8));
    expect(seen).toEqual(['take m1', 'retake m1 (written up to 3)', 'take m8']);
    made.progress();
    expect(ends).toEqual([{ kind: 'count' }]);
  });

  it('takes a message that is identical to one handled, but not redelivered, as new', () => {
    const { made, seen } = dispatch();
    made.memory.add(delivery(1, 'same'), 'x');
    made.deliver(channel, delivery(2, 'same'));
    expect(seen).toEqual(['take same']);
    expect(made.memory.size).toBe(1);
  });

  it('at --count, waits a while for the redeliveries it is owed, then ends all the same', () => {
    vi.useFakeTimers();
    const { made, ends } = dispatch({ count: 1 });
    made.deliver(channel, delivery(1));
    made.memory.add(delivery(1), 'x');
    made.progress();
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(OWED_WAIT_MS);
    expect(ends).toEqual([{ kind: 'count' }]);
  });

  it('counts again what the handler gives back (delivered, never handled: it comes again)', () => {
    const { made, seen } = dispatch({ count: 2 });
    made.deliver(channel, delivery(1));
    made.deliver(channel, delivery(2));
    made.giveBack(1);
    expect(made.budget()).toBe(1);
    made.deliver(channel, delivery(3));
    expect(seen).toEqual(['take m1', 'take m2', 'take m3']);
  });

  it('while the handler is busy, neither --count nor --drain is looked at; caught up, --drain is', () => {
    const { made, handler, ends, caughtUp } = dispatch({ count: 1 });
    made.deliver(channel, delivery(1));
    (handler as { busy: boolean }).busy = true;
    made.progress();
    expect(ends).toEqual([]);
    const open = dispatch();
    open.made.progress();
    expect(open.caughtUp).toEqual([1]);
    expect(caughtUp).toEqual([]);
  });

  it('ends with --idle-timeout once no message has come for that long', () => {
    vi.useFakeTimers();
    const { made, ends } = dispatch({ idleTimeoutMs: 1000 });
    made.resetIdle();
    vi.advanceTimersByTime(900);
    made.deliver(channel, delivery(1));
    vi.advanceTimersByTime(900);
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ends).toEqual([{ kind: 'idle' }]);
  });

  it('ends with an error naming the source when the broker cancels the consumer', () => {
    const { made, ends } = dispatch();
    made.deliver(channel, null);
    expect(ends).toMatchObject([
      { kind: 'error', error: { message: "the broker cancelled the consumer: queue 'jobs' was deleted or is no longer available" } },
    ]);
  });
});
