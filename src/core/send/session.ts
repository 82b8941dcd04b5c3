import { performance } from 'node:perf_hooks';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { type Target, whereOf } from '../broker/error-text.js';
import { OutageReport } from '../broker/outage.js';
import { NackRetry } from '../broker/nack-retry.js';
import { StallWatch } from '../broker/stall-watch.js';
import { isConnectionGone, operationError } from '../broker/error-map.js';
import { maxMessageBytes } from '../broker/limits.js';
import type { Run } from '../context.js';
import { CliError } from '../errors.js';
import { createdNote, ensureQueue } from '../broker/ensure-queue.js';
import { checkExchange } from '../broker/probe.js';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { aborted, type StopReason } from '../signals.js';
import { formatCount, plural } from '../../ui/format.js';
import { startProgress } from '../../ui/progress.js';
import { checkFiles, fixedMessages, isStream, LARGEST_LIMIT, lazySource, readAhead } from './input.js';
import type { SendPlan } from './plan.js';
import { formatRate, Pacer, pacedSource, RateMeter } from './pace.js';
import { NackRounds } from './nack-rounds.js';
import { Publisher, type PublishStats } from './publisher.js';
import type { SendOutcome } from './outcome.js';
import { fixedSource, tooLarge, type MessageSource } from './sources.js';

/** Most unconfirmed messages in flight: enough to keep the broker busy, little enough to stay small. */
const CONFIRM_WINDOW = 8192;
/** How long Ctrl-C waits for outstanding confirms before reporting. */
const INTERRUPT_GRACE_MS = 5000;
/** How long confirms may be waited on, the connection up, before a line says so; and again as often. */
const STALL_NOTICE_MS = 10_000;

/**
 * One run of `send`: reads the input, connects, makes sure of the destination, publishes, waits
 * for confirms. A first Ctrl-C aborts the session's signal: reading stops and confirms get a grace
 * period. `send` returns what happened, as data, for the report.
 */
export class SendSession {
  readonly destination: string;
  private readonly interrupted = new AbortController();
  /** Aborts INTERRUPT_GRACE_MS after the interrupt: then confirms are waited for no more. */
  private grace: AbortSignal | undefined;
  private publisher: Publisher | undefined;
  private progress: { stop(): void } | undefined;
  private connection: BrokerConnection | undefined;
  private readonly outage: OutageReport;
  private rateMeter: RateMeter | undefined;
  /** The broker came back after a reconnect but refused to go on. */
  private reconnectFailure: CliError | undefined;
  /** The broker blocks publishers (an alarm): a stall needs no other word then. */
  private blocked = false;
  private readonly stall: StallWatch;
  private readonly nackRounds: NackRounds;

  constructor(
    private readonly run: Run,
    private readonly plan: SendPlan,
  ) {
    this.outage = new OutageReport(run.log);
    this.destination = plan.exchange === '' ? `queue '${plan.routingKey}'` : `exchange '${plan.exchange}' (routing key '${plan.routingKey}')`;
    this.stall = new StallWatch(STALL_NOTICE_MS, (ms) => this.stalled(ms));
    this.nackRounds = new NackRounds(new NackRetry(plan.retryNacksMs), {
      publisher: () => this.publisher,
      openChannel: async () => this.typed(await (this.connection as BrokerConnection).confirmChannel()),
      log: run.log,
      destination: this.destination,
    });
  }

  /** Confirms waited on for a while, the connection apparently up: one line, at most every STALL_NOTICE_MS. */
  private stalled(ms: number): void {
    const publisher = this.publisher;
    // A lost connection, a blocking broker and nacks published again each have their own words.
    if (publisher === undefined || publisher.isClosed || this.outage.isOut || this.blocked || publisher.waiting > 0) return;
    this.run.log.warn(`no confirm from the broker for ${Math.round(ms / 1000)} s (${formatCount(publisher.outstanding)} waiting); still connected`);
  }

  /** The first Ctrl-C or SIGTERM: stop reading, give outstanding confirms a grace period. */
  interrupt(reason: StopReason): void {
    if (this.interrupted.signal.aborted) return;
    this.interrupted.abort(reason);
    this.grace = AbortSignal.timeout(INTERRUPT_GRACE_MS);
    this.run.stdin.destroy();
    this.publisher?.stop(this.grace);
  }

  /** Where things stand when a second signal exits at once: the counts so far, the spinner gone. */
  whereItStands(): PublishStats | undefined {
    this.progress?.stop();
    return this.publisher?.stats;
  }

  /** Sends everything; undefined when the input held no message, so the broker was never asked. */
  async send(): Promise<SendOutcome | undefined> {
    const { run, plan } = this;
    const { signal } = this.interrupted;
    const fileSizes = plan.input.kind === 'files' ? await checkFiles(plan.input.paths) : [];
    // The first messages of a stream are read before connecting: bad input creates no queue, and
    // input with no message at all leaves the broker alone.
    const streamed = isStream(plan) ? await readAhead(lazySource(run.stdin, plan, LARGEST_LIMIT, signal), signal) : undefined;
    if (streamed !== undefined && streamed.first === undefined && !signal.aborted) return undefined;
    const connection = await BrokerConnection.open((await run.settings()).connection, {
      name: 'mqcli send',
      recovery: plan.reconnect ? this.recovery : undefined,
      onNodeFailed: (error, next) => run.log.warn(`${error.message}; trying ${whereOf(next)}`),
      onBlocked: (reason) => {
        this.blocked = reason !== undefined;
        if (reason === undefined) run.log.info('the broker unblocked publishers');
        else run.log.warn(`the broker is blocking publishers: ${reason}`);
      },
    });
    this.connection = connection;
    this.progress = startProgress(run.stderr, run.log, run.env, () => {
      const stats = this.publisher?.stats;
      return stats === undefined
        ? 'connecting'
        : `sending to ${this.destination}: ${formatCount(stats.published)} sent, ${formatCount(stats.confirmed)} confirmed${this.rateShown(stats.published)}`;
    });
    let failure: unknown;
    const started = performance.now();
    try {
      const maxBodyBytes = maxMessageBytes(connection.serverProperties?.version);
      // Sizes first: a file over the limit is refused before it is read, and before anything is sent.
      fileSizes.forEach((size, index) => {
        if (size > maxBodyBytes) throw tooLarge(size, maxBodyBytes, `file ${(plan.input as { paths: string[] }).paths[index]}`);
      });
      const fixed = await fixedMessages(plan, maxBodyBytes);
      streamed?.first?.forEach((message, index) => {
        if (message.body.length > maxBodyBytes) throw tooLarge(message.body.length, maxBodyBytes, message.origin ?? `message ${index + 1}`);
      });
      await this.prepareDestination(connection);
      const source: MessageSource =
        fixed === undefined ? (streamed?.source ?? lazySource(run.stdin, plan, maxBodyBytes, signal)) : fixedSource(fixed, plan.repeat, signal);
      failure = await this.publish(connection, plan.rate === undefined ? source : pacedSource(source, new Pacer(plan.rate), signal), maxBodyBytes);
    } catch (error) {
      if (this.publisher === undefined) throw operationError(error);
      failure ??= error;
    } finally {
      this.progress.stop();
      this.stall.stop();
      this.nackRounds.stop();
      this.outage.clear();
      await connection.close();
    }
    if (this.publisher === undefined) throw new Error('send ended without a publisher');
    return {
      stats: this.publisher.stats,
      confirm: plan.confirm,
      destination: this.destination,
      elapsedMs: performance.now() - started,
      interrupted: signal.aborted ? (signal.reason as StopReason) : undefined,
      failure: failure === undefined ? undefined : failure instanceof CliError ? failure : operationError(failure),
    };
  }

  /** With --rate, the rate achieved over the last seconds, for the progress line. */
  private rateShown(published: number): string {
    if (this.plan.rate === undefined || published === 0) return '';
    this.rateMeter ??= new RateMeter();
    const rate = this.rateMeter.sample(published, performance.now());
    return rate === undefined ? '' : `, ${formatRate(rate)}/s (--rate ${this.plan.rate})`;
  }

  /** Publishes the source and waits for its confirms; returns what stopped it early, if anything. */
  private async publish(connection: BrokerConnection, source: MessageSource, maxBodyBytes: number): Promise<unknown> {
    const { plan } = this;
    const { signal } = this.interrupted;
    const channel = this.typed(plan.confirm ? await connection.confirmChannel() : await connection.channel());
    const publisher = new Publisher(channel, plan, {
      confirm: plan.confirm,
      window: CONFIRM_WINDOW,
      maxBodyBytes,
      properties: plan.properties,
      headers: plan.headers,
      republish: plan.reconnect,
      retryNack: () => this.nackRounds.policy.open,
      onParked: () => this.nackRounds.parked(),
      watch: plan.confirm ? this.stall : undefined,
    });
    this.publisher = publisher;
    if (this.grace !== undefined) publisher.stop(this.grace);
    let failure: unknown;
    try {
      await Promise.race([publisher.publishAll(source, signal), connection.lost]);
    } catch (error) {
      if (!signal.aborted) failure = error;
    }
    await Promise.race([publisher.settle(), connection.lost]).catch((error) => (failure ??= error));
    // Without confirms, a clean channel close is the only sign the broker read everything.
    if (!plan.confirm && failure === undefined && !publisher.isClosed) {
      const graceOver = aborted(signal).then(() => aborted(this.grace as AbortSignal));
      await Promise.race([channel.close(), graceOver]).catch((error) => (failure ??= error));
    }
    return this.reconnectFailure ?? failure ?? publisher.channelError;
  }

  /**
   * Envelopes' header tables, and -H headers with a long string that is not UTF-8, may need the
   * raw path of wire/typed-headers.ts; and with it a message without headers goes out without a
   * header table, as other clients send one (amqplib alone writes an empty table).
   */
  private typed<C extends object>(channel: C): C {
    enableTypedHeaders(channel);
    return channel;
  }

  /** A lost connection is retried; once back, the destination is made sure of and the unconfirmed go out again. */
  private readonly recovery: RecoveryListener = {
    onDisconnect: (error) => this.outage.down(error, this.target()),
    onRetry: (attempt, delay) => this.outage.retry(attempt, delay),
    onReconnect: () => {
      const connection = this.connection as BrokerConnection;
      this.prepareDestination(connection)
        .then(() => connection.confirmChannel())
        .then((channel) => {
          this.typed(channel);
          const again = this.publisher?.outstanding ?? 0;
          this.nackRounds.policy.failedOver();
          // The time away was the outage's to tell: a stall counts from now.
          this.stall.progress();
          this.publisher?.attach(channel);
          this.outage.up(`publishing ${plural(again, 'unconfirmed message')} again`, connection.target);
        })
        .catch((error: unknown) => {
          // The connection went again before we were done: the next reconnect tries again.
          if (isConnectionGone(error)) return;
          // The broker came back but refuses the destination: give up, and say why.
          this.reconnectFailure ??= operationError(error);
          this.publisher?.stop(AbortSignal.abort());
        });
    },
  };

  private target(): Target {
    return (this.connection as BrokerConnection).target;
  }

  private async prepareDestination(connection: BrokerConnection): Promise<void> {
    const { plan, run } = this;
    if (plan.queue === undefined) {
      await checkExchange(connection, plan.exchange);
      return;
    }
    const state = await ensureQueue(connection, plan.queue, plan.declare);
    if (state === 'created') run.log.info(createdNote(plan.queue));
    if (state === 'missing') run.log.warn(`queue '${plan.queue}' does not exist and --no-declare is given: the messages will be unroutable`);
  }
}
