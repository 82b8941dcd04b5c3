import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { isConnectionGone, operationError } from '../broker/error-map.js';
import { whereOf } from '../broker/error-text.js';
import { OutageReport } from '../broker/outage.js';
import type { Run } from '../context.js';
import type { CliError } from '../errors.js';
import { drainWatch } from './drain.js';
import { type ListenEnd, listenerEnd, outputEnd } from './end.js';
import { formatter } from './format.js';
import { Listener } from './listener.js';
import { peek } from './peek.js';
import { type ListenPlan, MAX_PREFETCH } from './plan.js';
import { exclusive, openSubscription, prepare, resubscribe, type Subscription } from './subscription.js';
import { planTap, type Tap } from './tap.js';
import { unreadCapacity } from './unread.js';

/** How long a Ctrl-C may take to hand back what the reader has not read. */
const SIGNAL_GRACE_MS = 1000;
/** Held messages older than this are handed back and held again (consumer timeouts are 30 min by default). */
const HOLD_LIMIT_MS = 60_000;

/** What a listen session did, for the summary line. */
export interface ListenSummary {
  /** `queue 'jobs'` or `exchange 'logs'`. */
  source: string;
  /** Messages written (and taken by the kernel). */
  taken: number;
  elapsedMs: number;
  /** False when it ended before consuming began (a refused queue, a lost connection). */
  listened: boolean;
  peeked: boolean;
}

/**
 * One run of `listen`: a connection, a subscription that survives reconnects, and the stop
 * conditions. The first reason to stop aborts the session's signal; `close` then hands back what
 * the reader has not provably read and acks the rest.
 */
export class ListenSession {
  readonly listener: Listener;
  readonly source: string;
  private readonly controller = new AbortController();
  private readonly ended: Promise<ListenEnd>;
  private readonly outage: OutageReport;
  private readonly holdBack: boolean;
  private connection: BrokerConnection | undefined;
  private subscription: Subscription | undefined;
  /** How an exchange is tapped, decided once: a reconnect binds the same keys. */
  private tap: Tap | undefined;
  private prefetch: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private refresher: NodeJS.Timeout | undefined;
  private started = 0;
  private listened = false;
  private readonly drain;

  constructor(
    private readonly run: Run,
    private readonly plan: ListenPlan,
  ) {
    this.source = plan.queue === undefined ? `exchange '${plan.exchange}'` : `queue '${plan.queue}'`;
    this.ended = once(this.controller.signal, 'abort').then(() => this.controller.signal.reason as ListenEnd);
    this.outage = new OutageReport(run.log);
    this.prefetch = plan.prefetch;
    // Only a queue's messages are removed by acks: a stream keeps them, a tap's queue dies with us.
    this.holdBack = plan.queue !== undefined && plan.offset === undefined && !plan.noAck && !plan.peek;
    this.listener = new Listener({
      format: formatter(plan.format, { delimiter: plan.delimiter, style: run.stdoutStyle, template: plan.template }),
      output: run.stdout,
      noAck: plan.noAck || plan.peek,
      limit: plan.count,
      stream: plan.offset !== undefined,
      unread: this.holdBack ? unreadCapacity(run.stdout) : 0,
      onEnd: (end) => this.end(listenerEnd(end, this.source)),
      onMessage: () => this.resetIdle(),
      onIdle: () => this.drain.check(),
      onStall: () => void this.widen(),
    });
    this.drain = drainWatch(
      plan.drain,
      plan,
      () => this.connection,
      () => this.subscription,
      this.listener,
      () => this.end({ kind: 'drained' }),
    );
  }

  /** Stops the session; the first reason given is the one that counts. */
  end(end: ListenEnd): void {
    if (!this.controller.signal.aborted) this.controller.abort(end);
  }

  /** Connects and consumes (or peeks) until something ends the session; resolves with why. */
  listen(): Promise<ListenEnd> {
    this.started = performance.now();
    this.run.stdout.on('error', this.onOutputError);
    // A signal while connecting ends the session at once; the steps below then stop short.
    this.start().catch((error: unknown) => this.end({ kind: 'error', error: operationError(error) }));
    return this.ended;
  }

  private async start(): Promise<void> {
    const { signal } = this.controller;
    const settings = (await this.run.settings()).connection;
    const connection = await BrokerConnection.open(settings, {
      name: 'mqcli listen',
      recovery: this.plan.reconnect ? this.recovery : undefined,
      onNodeFailed: (error, next) => this.run.log.warn(`${error.message}; trying ${whereOf(next)}`),
      onBlocked: (reason) => this.run.log.debug(reason === undefined ? 'connection unblocked' : `connection blocked: ${reason}`),
    });
    this.connection = connection;
    connection.lost.catch((error: CliError) => this.end({ kind: 'error', error }));
    if (signal.aborted) return;
    await prepare(this.run, connection, this.plan);
    if (signal.aborted) return;
    if (this.plan.exchange !== undefined) this.tap = await planTap(this.run, connection, this.plan.exchange, this.plan.bindings);
    if (signal.aborted) return;
    this.listened = true;
    if (this.plan.peek) await this.peek(connection);
    else await this.subscribe(connection);
    if (this.tap?.note !== undefined) this.run.log.info(this.tap.note);
    if (this.tap?.warning !== undefined) this.run.log.warn(this.tap.warning);
  }

  /** Ends consuming: on a signal within a second, otherwise after flushing stdout and acking what it holds. */
  async close(end: ListenEnd): Promise<void> {
    clearTimeout(this.idleTimer);
    clearInterval(this.refresher);
    this.drain.clear();
    this.outage.clear();
    this.listener.stop();
    const connection = this.connection;
    if (end.kind === 'signal') {
      // The reader may never read again: what it has not provably read goes back to the queue, and
      // whatever Node still holds for stdout is dropped at exit.
      if (connection !== undefined) await Promise.race([connection.close(), once(AbortSignal.timeout(SIGNAL_GRACE_MS), 'abort')]);
    } else {
      const sub = this.subscription;
      if (sub !== undefined) await exclusive(sub, () => sub.channel.cancel(sub.consumerTag)).catch(() => {});
      await this.listener.flushed();
      // A normal end: what the reader has in its pipe is its own now.
      if (end.kind !== 'error' && end.kind !== 'output-closed') this.listener.finish();
      // Closing the channel hands every message not acked back to the queue.
      await connection?.close();
    }
    this.run.stdout.off('error', this.onOutputError);
  }

  summary(): ListenSummary {
    return { source: this.source, taken: this.listener.taken, elapsedMs: performance.now() - this.started, listened: this.listened, peeked: this.plan.peek };
  }

  private readonly onOutputError = (error: NodeJS.ErrnoException): void => this.end(outputEnd(error));

  private async subscribe(connection: BrokerConnection): Promise<void> {
    this.subscription = await openSubscription(
      connection,
      { ...this.plan, prefetch: this.prefetch, offset: this.offset() },
      this.listener,
      (error) => this.end({ kind: 'error', error }),
      this.tap?.bindings,
    );
    this.resetIdle();
    this.drain.check();
    // Held messages must not outlive the broker's consumer timeout: hand them back now and then.
    if (this.holdBack) this.refresher ??= setInterval(() => this.listener.refresh(HOLD_LIMIT_MS), HOLD_LIMIT_MS / 2);
  }

  private async peek(connection: BrokerConnection): Promise<void> {
    const channel = await connection.channel();
    this.listener.use(channel);
    await peek(channel, this.plan.queue as string, this.plan.count, this.listener, this.controller.signal);
    this.end({ kind: 'peeked' });
  }

  private readonly recovery: RecoveryListener = {
    onDisconnect: (error) => {
      this.listener.use(undefined);
      this.subscription = undefined;
      this.outage.down(error, (this.connection as BrokerConnection).target);
    },
    onRetry: (attempt, delay) => this.outage.retry(attempt, delay),
    onReconnect: () => {
      const connection = this.connection as BrokerConnection;
      // A restarted broker may have lost a transient queue: make sure of it again, as at the start.
      prepare(this.run, connection, this.plan)
        .then(() => this.subscribe(connection))
        .then(() => this.outage.up(`listening to ${this.source} again`, connection.target))
        .catch((error: unknown) => {
          // The connection went again before we were done: the next reconnect tries again.
          if (!isConnectionGone(error)) this.end({ kind: 'error', error: operationError(error) });
        });
    },
  };

  /**
   * Every unacked message sits written in the pipe, perhaps unread: only a larger prefetch lets
   * more come. A prefetch the user chose is kept, at the price of acking what the pipe took.
   */
  private async widen(): Promise<void> {
    const current = this.subscription;
    if (current === undefined || this.prefetch === 0) return;
    if (this.plan.prefetchGiven) {
      this.run.log.warn(
        `--prefetch ${this.plan.prefetch} leaves no room to hold back what the pipe may not have read: from now on a message is acked once ` +
          'the pipe takes it, so a reader that stops early loses what its pipe held (leave --prefetch out to let mqcli choose)',
      );
      this.listener.stopHoldingBack();
      return;
    }
    const next = this.prefetch >= MAX_PREFETCH ? 0 : Math.min(MAX_PREFETCH, this.prefetch * 4);
    this.run.log.debug(
      `the pipe may hold ${this.listener.heldCount} messages unread; raising the prefetch from ${this.prefetch} to ${next === 0 ? 'no limit' : next}`,
    );
    this.prefetch = next;
    await exclusive(current, () => resubscribe(current, this.listener, { ...this.plan, prefetch: next, offset: this.offset() })).catch(() => {
      // A channel lost meanwhile: the reconnect subscribes afresh with the new prefetch.
    });
  }

  /** Where a new consumer starts: a stream resumes after the last message written (no gap, no duplicate). */
  private offset(): ListenPlan['offset'] {
    const last = this.listener.lastStreamOffset;
    return last === undefined ? this.plan.offset : last + 1;
  }

  private resetIdle(): void {
    const ms = this.plan.idleTimeoutMs;
    if (ms === undefined || this.controller.signal.aborted) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.end({ kind: 'idle' }), ms);
  }
}
