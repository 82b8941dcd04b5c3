import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { isConnectionGone, operationError } from '../broker/error-map.js';
import { OutageReport } from '../broker/outage.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError, RuntimeError } from '../errors.js';
import type { StopReason } from '../signals.js';
import { killGroups } from './child.js';
import { warnIfNoDeadLetter } from './dead-letter.js';
import { AckBatch } from './ack-batch.js';
import { DrainWatch } from './drain.js';
import { JOBS_PER_SHELL } from './shell.js';
import { baseEnvironment } from './env.js';
import type { ExecPlan } from './plan.js';
import type { ExecCounts, Failure } from './settle.js';
import { execPrefetch, openConsumerChannel, prepareQueue } from './subscription.js';
import { Workers } from './workers.js';

/** How long a Ctrl-C lets running commands finish before they are killed and their messages requeued. */
export const SIGNAL_GRACE_MS = 10_000;

/** Why `listen --exec` ended; each maps to an exit code. */
export type ExecEnd =
  | { kind: 'count' | 'idle' | 'drained' | 'output-closed' }
  | { kind: 'signal'; reason: StopReason }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'error'; error: CliError };

export interface ExecSummary extends ExecCounts {
  queue: string;
  elapsedMs: number;
  /** False when it ended before consuming began. */
  listened: boolean;
}

/**
 * One run of `listen --exec`: a connection whose consumer survives reconnects, a command per
 * message, and the same stop conditions as listen. The first reason to stop cancels the consumer;
 * `close` then waits for the running commands (on a signal, up to a grace period).
 */
export class ExecSession {
  private readonly controller = new AbortController();
  private readonly killer = new AbortController();
  private readonly groups = new Set<number>();
  private readonly ended: Promise<ExecEnd>;
  private readonly outage: OutageReport;
  private readonly workers: Workers;
  private connection: BrokerConnection | undefined;
  private channel: Channel | undefined;
  /** The consumer channel's acks, sent in batches. */
  private acks: AckBatch | undefined;
  private replies: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private delivered = 0;
  /** Delivered, not yet started: left unacked when the session ends, so the broker requeues them. */
  private waiting: { channel: Channel; message: ConsumeMessage }[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly drain: DrainWatch | undefined;
  private started = 0;
  private listened = false;
  /** The question whether the queue dead-letters, asked at the first reject: its answer is said before the summary. */
  private deadLetterCheck: Promise<void> | undefined;

  constructor(
    private readonly run: Run,
    private readonly plan: ExecPlan,
    base: Record<string, string>,
  ) {
    this.ended = once(this.controller.signal, 'abort').then(() => this.controller.signal.reason as ExecEnd);
    this.outage = new OutageReport(run.log);
    this.workers = new Workers(run, plan, base, {
      channel: () => this.channel,
      acks: () => this.acks,
      replies: () => this.replies,
      kill: this.killer.signal,
      groups: this.groups,
      stopping: () => this.controller.signal.aborted,
      onCommandDone: () => this.startWaiting(),
      onStop: (failure) => this.end({ kind: 'failed', failure }),
      onFirstReject: () => {
        this.deadLetterCheck = this.run.settings().then(({ connection }) => warnIfNoDeadLetter(this.run.log, connection, plan.queue));
      },
      onSettled: (handled) => this.afterSettled(handled),
    });
    this.drain = !plan.drain
      ? undefined
      : new DrainWatch({
          queue: plan.queue,
          connection: () => this.connection,
          consumer: () => (this.channel === undefined || this.consumerTag === undefined ? undefined : { channel: this.channel, tag: this.consumerTag }),
          consumeAgain: (channel) => this.consume(channel),
          busy: () => this.busy,
          ended: () => this.controller.signal.aborted,
          onDrained: () => this.end({ kind: 'drained' }),
        });
  }

  /** The environment commands start from: the caller's, without the secrets mqcli took from .env. */
  static async baseEnvironment(run: Run): Promise<Record<string, string>> {
    const { connection } = await run.settings();
    return baseEnvironment(run.env, run.dotenvKeys, connection.password);
  }

  /** Stops taking messages; the first reason given is the one that counts. */
  end(end: ExecEnd): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(end);
    this.workers.stop();
    this.stopConsuming();
  }

  /** For a second Ctrl-C: kills every running command at once. */
  killNow(): void {
    killGroups(this.groups);
  }

  /** Connects and consumes until something ends the session; resolves with why. */
  listen(): Promise<ExecEnd> {
    this.started = performance.now();
    this.run.stdout.on('error', this.onOutputError);
    this.start().catch((error: unknown) => this.end({ kind: 'error', error: operationError(error) }));
    return this.ended;
  }

  /** Waits for running commands (a signal gives them a grace period, then kills them), then disconnects. */
  async close(end: ExecEnd): Promise<void> {
    clearTimeout(this.idleTimer);
    this.drain?.clear();
    this.outage.clear();
    if (end.kind === 'signal' && this.workers.running > 0) {
      this.run.log.info(`waiting up to ${SIGNAL_GRACE_MS / 1000} s for ${this.workers.running} running command(s) (Ctrl-C again to kill them now)`);
      const grace = AbortSignal.timeout(SIGNAL_GRACE_MS);
      await Promise.race([this.workers.idle(), once(grace, 'abort')]);
      this.killer.abort();
    }
    await this.workers.idle();
    this.workers.close();
    await this.deadLetterCheck?.catch(() => {});
    try {
      this.acks?.flush();
    } catch {
      // The channel is gone: the broker has put those messages back (they come again).
      this.workers.unsent(this.acks?.drop() ?? 0);
    }
    // Closing the channel hands every message not acked back to the queue.
    await this.connection?.close();
    this.run.stdout.off('error', this.onOutputError);
  }

  summary(): ExecSummary {
    return { queue: this.plan.queue, ...this.workers.counts, elapsedMs: performance.now() - this.started, listened: this.listened };
  }

  /** A reader that went away (`| head`) ends listening, as for listen; running commands finish. */
  private readonly onOutputError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.end({ kind: 'output-closed' });
    else this.end({ kind: 'error', error: new RuntimeError(`cannot write to stdout: ${error.message}`, { cause: error }) });
  };

  private async start(): Promise<void> {
    const settings = (await this.run.settings()).connection;
    const connection = await BrokerConnection.open(settings, {
      name: 'mqcli listen --exec',
      recovery: this.plan.reconnect ? this.recovery : undefined,
      onBlocked: (reason) => this.run.log.debug(reason === undefined ? 'connection unblocked' : `connection blocked: ${reason}`),
    });
    this.connection = connection;
    connection.lost.catch((error: CliError) => this.end({ kind: 'error', error }));
    if (this.controller.signal.aborted) return;
    await prepareQueue(this.run, connection, this.plan);
    if (this.controller.signal.aborted) return;
    this.listened = true;
    await this.subscribe(connection);
  }

  private async subscribe(connection: BrokerConnection): Promise<void> {
    if (this.plan.reply) this.replies = await connection.confirmChannel();
    const channel = await openConsumerChannel(connection, (error) => this.end({ kind: 'error', error }));
    // What a channel now gone delivered and did not settle comes again: count from what is settled.
    this.delivered = this.workers.settled;
    await channel.prefetch(execPrefetch(this.plan, this.delivered));
    this.channel = channel;
    this.acks = new AckBatch(channel);
    await this.consume(channel);
    this.resetIdle();
    this.drain?.check();
  }

  private async consume(channel: Channel): Promise<void> {
    this.consumerTag = (await channel.consume(this.plan.queue, (message) => this.deliver(channel, message))).consumerTag;
  }

  private deliver(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      this.end({
        kind: 'error',
        error: new BrokerError(`the broker cancelled the consumer: queue '${this.plan.queue}' was deleted or is no longer available`),
      });
      return;
    }
    // Known to the batch before anything else: one left unacked must never be acked by a
    // `multiple` ack for a later one.
    if (this.acks?.channel === channel) this.acks.delivered(message);
    // Left unacked, it goes back to the queue when the channel closes.
    if (this.controller.signal.aborted) return;
    if (this.plan.count !== undefined && this.delivered >= this.plan.count) return;
    this.delivered++;
    this.resetIdle();
    this.waiting.push({ channel, message });
    this.startWaiting();
  }

  /** Starts commands for waiting messages while fewer than --concurrency run, in delivery order. */
  private startWaiting(): void {
    // Each shell runs one command and holds the next (see CommandShell).
    while (!this.controller.signal.aborted && this.workers.submitted < JOBS_PER_SHELL * this.plan.concurrency) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      // Its channel is gone: the broker has put it back, and delivers it again (the count of
      // what was delivered started over with the new channel).
      if (next.channel === this.channel) this.workers.start(next.channel, next.message);
    }
  }

  private afterSettled(handled: number): void {
    this.startWaiting();
    if (this.plan.count !== undefined && handled >= this.plan.count) this.end({ kind: 'count' });
    else this.drain?.check();
  }

  private stopConsuming(): void {
    const { channel, consumerTag } = this;
    this.consumerTag = undefined;
    if (channel !== undefined && consumerTag !== undefined) channel.cancel(consumerTag).catch(() => {});
  }

  private get busy(): boolean {
    return this.workers.busy || this.waiting.length > 0;
  }

  private resetIdle(): void {
    const ms = this.plan.idleTimeoutMs;
    if (ms === undefined || this.controller.signal.aborted) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.end({ kind: 'idle' }), ms);
  }

  private readonly recovery: RecoveryListener = {
    onDisconnect: (error) => {
      this.channel = undefined;
      this.workers.unsent(this.acks?.drop() ?? 0);
      this.acks = undefined;
      this.replies = undefined;
      this.consumerTag = undefined;
      this.drain?.forgetChannel();
      this.outage.down(error, (this.connection as BrokerConnection).target);
    },
    onRetry: (attempt, delay) => this.outage.retry(attempt, delay),
    onReconnect: () => {
      const connection = this.connection as BrokerConnection;
      // A restarted broker may have lost a transient queue: make sure of it again, as at the start.
      prepareQueue(this.run, connection, this.plan)
        .then(() => this.subscribe(connection))
        .then(() => this.outage.up(`listening to queue '${this.plan.queue}' again`, connection.target))
        .catch((error: unknown) => {
          if (!isConnectionGone(error)) this.end({ kind: 'error', error: operationError(error) });
        });
    },
  };
}
