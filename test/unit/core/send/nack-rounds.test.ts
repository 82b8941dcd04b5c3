import type { ConfirmChannel } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NackRetry } from '../../../../src/core/broker/nack-retry.js';
import { NackRounds } from '../../../../src/core/send/nack-rounds.js';
import type { Publisher } from '../../../../src/core/send/publisher.js';
import { Logger } from '../../../../src/ui/log.js';
import { plain } from '../../../../src/ui/style.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Rounds over a publisher that has `waiting` nacked messages parked; each round takes them all. */
function rounds(boundMs: number, waiting: number) {
  const lines: string[] = [];
  const log = new Logger({
    stream: { write: (text: string) => lines.push(text.trimEnd()) } as unknown as NodeJS.WritableStream,
    quiet: false,
    verbose: false,
    style: plain,
  });
  const fake = {
    waiting,
    isClosed: false,
    retried: 0,
    gaveUp: 0,
    retryParked(_channel: ConfirmChannel) {
      this.retried += this.waiting;
      this.waiting = 0;
    },
    giveUpParked() {
      this.gaveUp += this.waiting;
      this.waiting = 0;
    },
  };
  const policy = new NackRetry(boundMs);
  policy.failedOver();
  const subject = new NackRounds(policy, {
    publisher: () => fake as unknown as Publisher,
    openChannel: async () => ({}) as ConfirmChannel,
    log,
    destination: "queue 'q'",
  });
  return { subject, fake, lines };
}

describe('NackRounds', () => {
  it('says once why, then publishes the nacked messages again after the backoff', async () => {
    const { subject, fake, lines } = rounds(300_000, 5);
    subject.parked();
    subject.parked();
    expect(lines).toEqual([
      "warning: the broker nacks messages for queue 'q' since the failover (a quorum queue electing a new leader?); publishing them again for up to 300 s (--retry-nacks)",
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.retried).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.retried).toBe(5);
  });

  it('says every few seconds that it is still waiting, while nacks go on', async () => {
    const { subject, fake, lines } = rounds(300_000, 1);
    for (let round = 0; round < 5; round++) {
      fake.waiting = 1;
      subject.parked();
      await vi.advanceTimersByTimeAsync(5000);
    }
    const waiting = lines.filter((line) => line.startsWith('still waiting'));
    // Rounds after 1, 2, 4, 5 and 5 s: a line at most every 5 s.
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.length).toBeLessThanOrEqual(4);
    expect(waiting[0]).toMatch(/^still waiting for queue 'q' to take 1 nacked message: publishing them again, \d+ s after the failover$/);
  });

  it('counts what still waits as nacked once the bound is over', async () => {
    const { subject, fake, lines } = rounds(3000, 4);
    await vi.advanceTimersByTimeAsync(3000);
    subject.parked();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.gaveUp).toBe(4);
    expect(fake.retried).toBe(0);
    expect(lines.at(-1)).toBe("warning: queue 'q' still nacks 4 s after the failover (--retry-nacks 3): 4 messages count as nacked");
  });

  it('says why again at the next failover', async () => {
    const { subject, fake, lines } = rounds(300_000, 1);
    subject.parked();
    await vi.advanceTimersByTimeAsync(1000);
    subject.policy.failedOver();
    fake.waiting = 1;
    subject.parked();
    expect(lines.filter((line) => line.startsWith('warning: the broker nacks'))).toHaveLength(2);
  });

  it('leaves the parked messages to the reconnect while the connection is down', async () => {
    const { subject, fake } = rounds(300_000, 3);
    fake.isClosed = true;
    subject.parked();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.retried + fake.gaveUp).toBe(0);
    expect(fake.waiting).toBe(3);
  });
});
