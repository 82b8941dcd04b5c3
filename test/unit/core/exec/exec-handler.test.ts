// --exec's handler under the consumer core's real Dispatch, with real /bin/sh commands and fake
// channels: what a lost channel leaves is remembered, and its redelivery settled, not run again.
import { PassThrough } from 'node:stream';
import type { Channel } from 'amqplib';
import type { Run } from '../../../../src/core/context.js';
import { ExecHandler, type RanBefore } from '../../../../src/core/exec/exec-handler.js';
import type { ExecPlan } from '../../../../src/core/exec/plan.js';
import { describe, expect, it } from 'vitest';
import { consumerHarness, delivery, recordingChannel } from '../../../helpers/consumer-host.js';
import { waitFor } from '../../../helpers/wait.js';

const plan: ExecPlan = {
  queue: 'q',
  command: 'cat',
  onError: 'requeue',
  concurrency: 1,
  timeoutMs: undefined,
  output: 'lines',
  reply: false,
  count: undefined,
  idleTimeoutMs: undefined,
  drain: false,
  declare: true,
  reconnect: true,
};

function make(overrides: Partial<ExecPlan> = {}, count?: number) {
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (chunk) => (printed += chunk));
  const quiet = { info: () => {}, warn: () => {}, debug: () => {} };
  const run = { stdout, stderr: new PassThrough(), log: quiet } as unknown as Run;
  const harness = consumerHarness<RanBefore, ExecHandler>(
    (host) => new ExecHandler(host, { ...plan, ...overrides }, { PATH: process.env.PATH ?? '' }),
    count,
    run,
  );
  return { ...harness, printed: () => printed };
}

/** A channel the broker has closed: whatever is acked on it is not sent, and its messages come again. */
const closedChannel = () =>
  ({
    ack: () => {
      throw new Error('Channel closed');
    },
    nack: () => {
      throw new Error('Channel closed');
    },
  }) as unknown as Channel;

describe('ExecHandler', () => {
  it('runs a command per message and acks it', async () => {
    const { handler, deliver, printed } = make();
    const { acks, channel } = recordingChannel();
    handler.attach(channel);
    deliver(channel, delivery(1, 'one\n'));
    deliver(channel, delivery(2, 'two\n'));
    await waitFor(() => handler.counts.succeeded === 2, 10_000, 'two commands');
    await handler.settle({ kind: 'drained' });
    expect(printed()).toBe('one\ntwo\n');
    // One multiple ack up to 2, or (the batch's timer between the two) 1 and then up to 2.
    expect(acks.at(-1)).toEqual([2, true]);
  });

  it("after a reconnect, settles a finished command's redelivery without running it again", async () => {
    const { handler, deliver, printed, dispatch } = make();
    const old = closedChannel();
    handler.attach(old);
    deliver(old, delivery(1, 'once\n'));
    await waitFor(() => handler.counts.succeeded === 1, 10_000, 'the command');
    // Its ack could not be sent: the connection went.
    handler.attach(undefined);
    expect(dispatch.memory.size).toBe(1);
    const fresh = recordingChannel();
    handler.attach(fresh.channel);
    deliver(fresh.channel, delivery(5, 'once\n', { redelivered: true }));
    await waitFor(() => handler.counts.resettled === 1, 10_000, 'the redelivery settled');
    await handler.settle({ kind: 'drained' });
    expect(fresh.acks).toEqual([[5, true]]);
    expect(printed()).toBe('once\n');
    expect(handler.counts).toMatchObject({ ran: 1, succeeded: 1, requeued: 0, resettled: 1 });
  });

  it('runs again a redelivery whose command failed and was requeued', async () => {
    const { handler, deliver } = make({ command: 'cat >/dev/null; exit 3' });
    const old = recordingChannel();
    handler.attach(old.channel);
    deliver(old.channel, delivery(1, 'x'));
    await waitFor(() => handler.counts.failed === 1, 10_000, 'the failure');
    handler.attach(undefined);
    const fresh = recordingChannel();
    handler.attach(fresh.channel);
    deliver(fresh.channel, delivery(2, 'x', { redelivered: true }));
    await waitFor(() => handler.counts.failed === 2, 10_000, 'the second run');
    handler.stop();
    await handler.settle({ kind: 'drained' });
    expect(fresh.nacks).toEqual([[2, false, true]]);
    expect(handler.counts.resettled).toBe(0);
  });

  it('never covers a delivery left for the broker with a multiple ack', async () => {
    // --count 2: m1 ran, its ack was lost with the channel. On the new one 'new' is the second,
    // 'extra' is past the count (left for the broker), then m1's redelivery is acked.
    const { handler, deliver } = make({ count: 2 }, 2);
    const old = closedChannel();
    handler.attach(old);
    deliver(old, delivery(1, 'm1\n'));
    await waitFor(() => handler.counts.succeeded === 1, 10_000, 'the command');
    handler.attach(undefined);
    const fresh = recordingChannel();
    handler.attach(fresh.channel);
    deliver(fresh.channel, delivery(1, 'new\n'));
    deliver(fresh.channel, delivery(2, 'extra\n'));
    deliver(fresh.channel, delivery(3, 'm1\n', { redelivered: true }));
    await waitFor(() => handler.counts.resettled === 1 && handler.counts.succeeded === 2, 10_000, 'both settled');
    await handler.settle({ kind: 'count' });
    // A multiple ack up to 3 would take 'extra' along, never run.
    expect(fresh.acks.filter(([tag, multiple]) => multiple && tag >= 2)).toEqual([]);
    expect(fresh.acks.map(([tag]) => tag).sort()).toEqual([1, 3]);
    expect(handler.counts.returned).toBe(1);
  });
});
