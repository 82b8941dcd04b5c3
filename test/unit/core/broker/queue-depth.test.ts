// The --drain question shared by listen and --exec: when is "no messages" believed?
import { describe, expect, it } from 'vitest';
import type { BrokerConnection } from '../../../../src/core/broker/connection.js';
import { LEADERLESS_DOUBT_MS, QueueDepth } from '../../../../src/core/broker/queue-depth.js';

type Answer = { messageCount: number; consumerCount: number };

/** A connection whose channel answers checkQueue from a script, and counts the channels opened. */
function scripted(answers: Answer[]) {
  const opened = { channels: 0 };
  const connection = {
    channel: async () => {
      opened.channels += 1;
      return { checkQueue: async () => answers.shift() ?? { messageCount: 0, consumerCount: 1 } };
    },
  } as unknown as BrokerConnection;
  return { connection, opened };
}

describe('QueueDepth', () => {
  it.each([
    { answer: { messageCount: 3, consumerCount: 1 }, empty: false },
    { answer: { messageCount: 0, consumerCount: 1 }, empty: true },
    { answer: { messageCount: 0, consumerCount: 2 }, empty: true },
    // No consumer counted while ours is on the queue: a quorum queue electing a leader says so.
    { answer: { messageCount: 0, consumerCount: 0 }, empty: false },
  ])('$answer is empty: $empty', async ({ answer, empty }) => {
    const { connection } = scripted([answer]);
    expect(await new QueueDepth(() => connection, 'q').seemsEmpty()).toBe(empty);
  });

  it('believes "no consumers" once it has said so for the whole doubt period', async () => {
    let now = 1_000;
    const none = { messageCount: 0, consumerCount: 0 };
    const { connection } = scripted([none, none, none]);
    const depth = new QueueDepth(
      () => connection,
      'q',
      () => now,
    );
    expect(await depth.seemsEmpty()).toBe(false);
    now += LEADERLESS_DOUBT_MS - 1;
    expect(await depth.seemsEmpty()).toBe(false);
    now += 1;
    expect(await depth.seemsEmpty()).toBe(true);
  });

  it('starts the doubt over when a consumer is counted again', async () => {
    let now = 0;
    const none = { messageCount: 0, consumerCount: 0 };
    const { connection } = scripted([none, { messageCount: 0, consumerCount: 1 }, none]);
    const depth = new QueueDepth(
      () => connection,
      'q',
      () => now,
    );
    expect(await depth.seemsEmpty()).toBe(false);
    now += LEADERLESS_DOUBT_MS;
    expect(await depth.seemsEmpty()).toBe(true);
    expect(await depth.seemsEmpty()).toBe(false);
  });

  it('keeps one channel, opens another after forget, and fails while not connected', async () => {
    const { connection, opened } = scripted([]);
    let current: BrokerConnection | undefined = connection;
    const depth = new QueueDepth(() => current, 'q');
    await depth.ready();
    await depth.ready();
    expect(opened.channels).toBe(1);
    depth.forget();
    await depth.ready();
    expect(opened.channels).toBe(2);
    current = undefined;
    depth.forget();
    await expect(depth.ready()).rejects.toThrow('not connected');
  });
});
