import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { isConnectionGone, operationError } from '../broker/error-map.js';
import { whereOf } from '../broker/error-text.js';
import { OutageReport } from '../broker/outage.js';
import type { Run } from '../context.js';
import type { CliError } from '../errors.js';
import { type CountGate, countedPrefetch } from './count-gate.js';
import { Dispatch } from './dispatch.js';
import { DrainWatch } from './drain-watch.js';
import { Liveness } from './liveness.js';
import { type ConsumeEnd, outputEnd } from './end.js';
import type { ConsumerHost, Handler } from './handler.js';
import type { HandledMemory } from './memory.js';
import { watchReader } from './reader-gone.js';
import { noteIfStream } from './source.js';
import type { ConsumerOptions, ConsumeStats } from './options.js';
import { consume, consumerChannel, exclusive, type Subscription } from './subscription.js';

/** How long a Ctrl-C may take to cancel the consumer, and then to close the connection. */
const SIGNAL_GRACE_MS = 1000;

/**
 * The one consumer under `listen` and `listen --exec`: opens the connection (with recovery and
 * failover, said on stderr), makes sure of the queue, subscribes with a prefetch, and ends for the
 * first of --count, --drain, --idle-timeout, a signal, the reader going away, or a deleted queue.
 * Across a reconnect it remembers what was handled, so a redelivery is settled, not handled
 * again. What is done with each message is the handler's.
 */
export class Consumer<Remembered> implements ConsumerHost<Remembered> {
  readonly handler: Handler<Remembered>;
  readonly memory: HandledMemory<Remembered>;
  readonly gate: CountGate;
  private readonly dispatch: Dispatch<Remembered>;
  private readonly controller = new AbortController();
  private readonly finished: Promise<ConsumeEnd>;
  private readonly outage: OutageReport;
  private readonly drain: DrainWatch | undefined;
  private readonly liveness: Liveness;
  private connection: BrokerConnection | undefined;
  private subscription: Subscription | undefined;
  private tags = 0;
  private stopWatching: () => void = () => {};
  private started = 0;
  private listened = false;

  constructor(
    readonly run: Run,
    private readonly options: ConsumerOptions,
    makeHandler: (host: ConsumerHost<Remembered>) => Handler<Remembered>,
  ) {
    this.finished = once(this.controller.signal, 'abort').then(() => this.controller.signal.reason as ConsumeEnd);
    this.outage = new OutageReport(run.log);
    this.dispatch = new Dispatch({
      label: options.source.label,
      count: options.count,
      idleTimeoutMs: options.idleTimeoutMs,
      end: (end) => this.end(end),
      ended: () => this.ended,
      onMessage: () => this.liveness.activity(),
      onCaughtUp: () => this.drain?.check(),
    });
    ({ memory: this.memory, gate: this.gate } = this.dispatch);
    this.handler = makeHandler(this);
    this.dispatch.handler = this.handler;
    this.liveness = new Liveness(
      () => this.connection,
      () => this.subscription?.queue,
      (ms) => run.log.warn(`no answer from the broker for ${Math.round(ms / 1000)} s (listening to ${options.source.label}); still connected`),
    );
    this.drain = !options.drain
      ? undefined
      : new DrainWatch({
          connection: () => this.connection,
          subscription: () => this.subscription,
          busy: () => this.handler.busy,
          flushed: () => this.handler.flushed(),
          cancel: (subscription) => this.cancel(subscription),
          consumeAgain: (subscription) => this.consumeOn(subscription),
          ended: () => this.ended,
          onDrained: () => this.end({ kind: 'drained' }),
        });
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops consuming; the first reason given is the one that counts. */
  end(end: ConsumeEnd): void {
    if (this.ended) return;
    this.controller.abort(end);
    this.handler.stop();
  }

  /** Connects and consumes until something ends it; resolves with why. */
  consume(): Promise<ConsumeEnd> {
    this.started = performance.now();
    this.run.stdout.on('error', this.onOutputError);
    this.stopWatching = watchReader(this.run.stdout, () => this.end({ kind: 'output-closed' }));
    // A signal while connecting ends it at once; the steps below then stop short.
    this.start().catch((error: unknown) => this.end({ kind: 'error', error: operationError(error) }));
    return this.finished;
  }

  /**
   * Ends consuming: cancels the consumer (so that nothing more comes and what the --count gate
   * held may be settled), lets the handler settle what it will, and closes the connection, which
   * hands every unsettled message back to the queue. After a signal each step is bounded.
   */
  async close(end: ConsumeEnd): Promise<void> {
    this.dispatch.clear();
    this.drain?.clear();
    this.liveness.stop();
    this.outage.clear();
    this.stopWatching();
    this.handler.stop();
    const bounded = <T>(work: Promise<T>): Promise<unknown> =>
      end.kind === 'signal' ? Promise.race([work, once(AbortSignal.timeout(SIGNAL_GRACE_MS), 'abort')]) : work;
    const subscription = this.subscription;
    if (subscription !== undefined) await bounded(exclusive(subscription, () => this.cancel(subscription)).catch(() => {}));
    this.gate.openAll();
    this.handler.released();
    await this.handler.settle(end);
    if (this.connection !== undefined) await bounded(this.connection.close());
    this.run.stdout.off('error', this.onOutputError);
  }

  stats(): ConsumeStats {
    return { source: this.options.source.label, elapsedMs: performance.now() - this.started, listened: this.listened };
  }

  progress(): void {
    this.dispatch.progress();
  }

  giveBack(count: number): void {
    this.dispatch.giveBack(count);
  }

  async resubscribe(): Promise<void> {
    const current = this.subscription;
    if (current === undefined) return;
    await exclusive(current, async () => {
      // Nothing to make room for: --count wants no more (a new consumer would be sent message
      // n+1 only for it to go back), or what it still wants leaves the prefetch as it is.
      const wanted = countedPrefetch(this.handler.prefetch(), this.dispatch.budget());
      if (this.dispatch.satisfied() || (wanted !== 0 && wanted <= current.prefetch)) return;
      await this.cancel(current);
      // What the old consumer had on its way came before its cancel was confirmed: only now is
      // the budget for the new one known.
      if (this.dispatch.satisfied()) return;
      current.prefetch = countedPrefetch(this.handler.prefetch(), this.dispatch.budget());
      await current.channel.prefetch(current.prefetch);
      this.handler.attach(current.channel, current.prefetch);
      await this.consumeOn(current);
    });
  }

  private readonly onOutputError = (error: NodeJS.ErrnoException): void => this.end(outputEnd(error));

  private async start(): Promise<void> {
    const { run, options } = this;
    const settings = (await run.settings()).connection;
    const connection = await BrokerConnection.open(settings, {
      name: options.name,
      recovery: options.reconnect ? this.recovery : undefined,
      onNodeFailed: (error, next) => run.log.warn(`${error.message}; trying ${whereOf(next)}`),
      onBlocked: (reason) => run.log.debug(reason === undefined ? 'connection unblocked' : `connection blocked: ${reason}`),
    });
    this.connection = connection;
    connection.lost.catch((error: CliError) => this.end({ kind: 'error', error }));
    if (this.ended) return;
    const state = await options.source.prepare(connection, false);
    if (this.ended) return;
    this.listened = true;
    if (options.peek) return this.peek(connection);
    await this.subscribe(connection);
    // A stream read without --offset starts at what arrives from now on: say so, without waiting for it.
    if (state === 'exists' && options.offset === undefined) void noteIfStream(run, connection, options.source, options.streamNote, () => this.ended);
  }

  private async peek(connection: BrokerConnection): Promise<void> {
    const channel = await connection.channel();
    if (this.options.typedHeaders) enableTypedHeaders(channel);
    this.handler.attach(channel, 0);
    await this.handler.browse?.(channel, this.options.source.queue as string, this.controller.signal);
    this.end({ kind: 'peeked' });
  }

  private async subscribe(connection: BrokerConnection): Promise<void> {
    await this.handler.open?.(connection);
    const channel = await consumerChannel(connection, this.options.typedHeaders, (error) => this.end({ kind: 'error', error }));
    const queue = await this.options.source.queueOn(channel);
    const prefetch = this.options.noAck ? 0 : countedPrefetch(this.handler.prefetch(), this.dispatch.budget());
    if (!this.options.noAck) await channel.prefetch(prefetch);
    this.handler.attach(channel, prefetch);
    const subscription: Subscription = { channel, consumerTag: '', queue, prefetch, switching: Promise.resolve() };
    await this.consumeOn(subscription);
    this.subscription = subscription;
    this.liveness.start();
    this.dispatch.resetIdle();
    this.progress();
  }

  /** Starts a consumer on the subscription's channel, its --count allowance set before anything can come. */
  private async consumeOn(subscription: Subscription): Promise<void> {
    const { channel, queue, prefetch } = subscription;
    const budget = this.dispatch.budget();
    const tag = `mqcli-${process.pid}-${++this.tags}`;
    if (budget !== undefined && !this.options.noAck) this.gate.started(tag, budget, prefetch);
    const offset = this.handler.resumeOffset?.() ?? this.options.offset;
    subscription.consumerTag = tag;
    await consume(channel, queue, (message) => this.dispatch.deliver(channel, message), { noAck: this.options.noAck, offset, consumerTag: tag });
  }

  private async cancel(subscription: Subscription): Promise<void> {
    await subscription.channel.cancel(subscription.consumerTag);
    this.gate.cancelled(subscription.consumerTag);
    this.handler.released();
  }

  private readonly recovery: RecoveryListener = {
    onDisconnect: (error) => {
      this.subscription = undefined;
      this.gate.openAll();
      this.handler.attach(undefined, 0);
      this.drain?.forgetChannel();
      this.liveness.forgetChannel();
      this.outage.down(error, (this.connection as BrokerConnection).target);
    },
    onRetry: (attempt, delay) => this.outage.retry(attempt, delay),
    onReconnect: () => {
      const connection = this.connection as BrokerConnection;
      this.options.source
        .prepare(connection, true)
        .then(() => this.subscribe(connection))
        .then(() => this.outage.up(`listening to ${this.options.source.label} again`, connection.target))
        .catch((error: unknown) => {
          // The connection went again before we were done: the next reconnect tries again.
          if (!isConnectionGone(error)) this.end({ kind: 'error', error: operationError(error) });
        });
    },
  };
}
