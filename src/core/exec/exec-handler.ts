import { once } from 'node:events';
import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import type { ConsumeEnd } from '../consumer/end.js';
import type { ConsumerHost, Handler } from '../consumer/handler.js';
import { RuntimeError } from '../errors.js';
import { AckBatch, ACK_BATCH } from './ack-batch.js';
import { killGroups } from './command.js';
import { warnIfNoDeadLetter } from './dead-letter.js';
import { MessageJobs } from './message-jobs.js';
import type { ExecPlan } from './plan.js';
import type { ExecCounts, Failure, Settlement } from './settle.js';
import { JOBS_PER_SHELL } from './shell.js';

/** How long a Ctrl-C lets running commands finish before they are killed and their messages requeued. */
export const SIGNAL_GRACE_MS = 10_000;

/** What is remembered of a message whose command ran (or runs) when its channel went: how it is to be settled. */
export interface RanBefore {
  settlement: Promise<Settlement | 'not run'>;
}

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<Settlement | 'not run'>; resolve: (how: Settlement | 'not run') => void } {
  let resolve!: (how: Settlement | 'not run') => void;
  const promise = new Promise<Settlement | 'not run'>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * listen --exec's handler for the consumer core: a command per new message, up to --concurrency
 * at once, each message settled by how its command ended. When a channel goes, a message whose
 * command ran or still runs is remembered with the settlement it gets: its redelivery is settled
 * so, and its command is not run again. A message that was waiting to run is given back.
 */
export class ExecHandler implements Handler<RanBefore> {
  private readonly killer = new AbortController();
  private readonly groups = new Set<number>();
  private readonly jobs: MessageJobs;
  private channel: Channel | undefined;
  private acks: AckBatch | undefined;
  private replies: ConfirmChannel | undefined;
  /** Delivered, not yet started: left unsettled when listening ends, so the broker requeues them. */
  private waiting: { channel: Channel; message: ConsumeMessage }[] = [];
  /** Started on the current channel and not yet settled there: remembered if it goes. */
  private readonly started = new Map<ConsumeMessage, { channel: Channel; decided: (how: Settlement | 'not run') => void }>();
  /** Redeliveries waiting for the first copy's command to end. */
  private retaking = 0;
  private stopped = false;
  /** The question whether the queue dead-letters, asked at the first reject: its answer is said before the summary. */
  private deadLetterCheck: Promise<void> | undefined;

  constructor(
    private readonly host: ConsumerHost<RanBefore>,
    private readonly plan: ExecPlan,
    base: Record<string, string>,
  ) {
    const { run } = host;
    this.jobs = new MessageJobs(run, plan, base, {
      channel: () => this.channel,
      acks: () => this.acks,
      replies: () => this.replies,
      kill: this.killer.signal,
      groups: this.groups,
      stopping: () => this.stopped,
      onCommandDone: () => this.startWaiting(),
      onStop: (failure) => host.end({ kind: 'error', error: failedError(failure, plan.queue) }),
      onFirstReject: () => {
        this.deadLetterCheck = run.settings().then(({ connection }) => warnIfNoDeadLetter(run.log, connection, plan.queue));
      },
      onSettled: (message, how) => this.settled(message, how),
      onSkipped: (message) => {
        this.jobs.counts.returned++;
        this.settled(message, 'not run');
      },
      onJobDone: () => {
        this.startWaiting();
        this.host.progress();
      },
    });
  }

  get counts(): ExecCounts {
    return { ...this.jobs.counts, returned: this.jobs.counts.returned + this.waiting.length };
  }

  /**
   * What the shells run and hold, one more each (a message is always there to hold when a
   * command ends: no round trip per message), and the acks held for a batch (see AckBatch).
   */
  prefetch(): number {
    return (JOBS_PER_SHELL + 1) * this.plan.concurrency + ACK_BATCH;
  }

  async open(connection: BrokerConnection): Promise<void> {
    if (this.plan.reply) this.replies = await connection.confirmChannel();
  }

  attach(channel: Channel | undefined): void {
    if (channel === this.channel) return;
    const memory = this.host.memory;
    if (this.acks !== undefined) {
      const unsent = this.acks.drop();
      for (const message of unsent.acks) memory.add(message, { settlement: Promise.resolve('ack') });
      for (const { message, requeue } of unsent.nacks) if (!requeue) memory.add(message, { settlement: Promise.resolve('reject') });
    }
    // Running or settling on the old channel: its redelivery waits for how the command ends.
    for (const [message, job] of this.started) {
      if (job.channel !== this.channel) continue;
      const { promise, resolve } = deferred();
      memory.add(message, { settlement: promise });
      job.decided = resolve;
    }
    this.host.giveBack(this.waiting.length);
    this.waiting = [];
    this.channel = channel;
    this.acks = channel === undefined ? undefined : new AckBatch(channel, this.host.gate);
    if (channel === undefined) this.replies = undefined;
  }

  take(message: ConsumeMessage, channel: Channel): boolean {
    // Known to the batch before anything else: one left unsettled must never be acked by a
    // `multiple` ack for a later one.
    if (this.acks?.channel === channel) this.acks.delivered(message);
    this.waiting.push({ channel, message });
    this.startWaiting();
    return true;
  }

  retake(message: ConsumeMessage, channel: Channel, remembered: RanBefore): void {
    if (this.acks?.channel === channel) this.acks.delivered(message);
    this.retaking++;
    void remembered.settlement.then((how) => {
      this.retaking--;
      if (channel !== this.channel || this.acks === undefined) {
        // Gone again: it comes once more, and is recognised then.
        if (how !== 'not run' && how !== 'requeue') this.host.memory.add(message, remembered);
      } else if (how === 'ack' || how === 'reject') {
        try {
          if (how === 'ack') this.acks.ack(message);
          else this.acks.nack(message, false);
          this.jobs.counts.resettled++;
        } catch {
          // The channel closed meanwhile: the broker has it back.
        }
      } else if (!this.stopped) {
        // Its command never ran, or failed and was to be requeued: it runs now.
        this.waiting.push({ channel, message });
        this.startWaiting();
      } else {
        // Listening ends: left unsettled, it goes back to the queue.
        this.jobs.counts.returned++;
      }
      this.host.progress();
    });
  }

  skip(message: ConsumeMessage, channel: Channel): void {
    // Unsettled, it goes back when the channel closes; known to the batch, so that no multiple
    // ack for a later message covers it.
    if (this.acks?.channel === channel) this.acks.delivered(message);
    this.jobs.counts.returned++;
  }

  get busy(): boolean {
    return this.jobs.busy || this.waiting.length > 0 || this.retaking > 0;
  }

  flushed(): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.jobs.stop();
  }

  released(): void {
    try {
      this.acks?.flush();
    } catch {
      // The channel is gone: what it held is remembered (attach).
    }
  }

  /** For a second Ctrl-C: kills every running command at once. */
  killNow(): void {
    killGroups(this.groups);
  }

  /** Waits for running commands (a signal gives them a grace period, then kills them), then sends the last acks. */
  async settle(end: ConsumeEnd): Promise<void> {
    const { run } = this.host;
    if (end.kind === 'signal' && this.jobs.running > 0) {
      run.log.info(`waiting up to ${SIGNAL_GRACE_MS / 1000} s for ${this.jobs.running} running command(s) (Ctrl-C again to kill them now)`);
      await Promise.race([this.jobs.idle(), once(AbortSignal.timeout(SIGNAL_GRACE_MS), 'abort')]);
      this.killer.abort();
    }
    await this.jobs.idle();
    this.jobs.close();
    await this.deadLetterCheck?.catch(() => {});
    this.released();
  }

  /** Starts commands for waiting messages while fewer than --concurrency run, in delivery order. */
  private startWaiting(): void {
    // Each shell runs one command and holds the next (see CommandShell).
    while (!this.stopped && this.jobs.submitted < JOBS_PER_SHELL * this.plan.concurrency) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      if (next.channel !== this.channel) continue;
      this.started.set(next.message, { channel: next.channel, decided: () => {} });
      this.jobs.start(next.channel, next.message);
    }
  }

  /** How a started message ends: a redelivery that waits for it is settled so. */
  private settled(message: ConsumeMessage, how: Settlement | 'not run'): void {
    this.started.get(message)?.decided(how);
    this.started.delete(message);
  }
}

/** --on-error stop: the failure that ends listening, its message back in the queue. */
function failedError(failure: Failure, queue: string): RuntimeError {
  return new RuntimeError(`the command failed on ${failure.message} (${failure.how}); the message is back in queue '${queue}'`, {
    hint: 'Fix the command and listen again, or choose what failures do with --on-error requeue|reject',
  });
}
