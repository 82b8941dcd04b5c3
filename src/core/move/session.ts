import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { whereOf } from '../broker/error-text.js';
import { isConnectionGone, operationError } from '../broker/error-map.js';
import { NackRetry, seconds } from '../broker/nack-retry.js';
import { OutageReport } from '../broker/outage.js';
import { LEADERLESS_DOUBT_MS } from '../broker/queue-depth.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError } from '../errors.js';
import { createdNote, ensureQueue } from '../broker/ensure-queue.js';
import { checkExchange } from '../broker/probe.js';
import { aborted, type StopReason } from '../signals.js';
import { Mover, type Refusal } from './mover.js';
import { settled, untilDone } from './pass-end.js';
import type { MovePlan } from './plan.js';

/** How long Ctrl-C waits for the confirms of what is in flight. */
const INTERRUPT_GRACE_MS = 5000;

/** After a failover, how long a seemingly empty source is left before it is looked at again. */
const RECHECK_AFTER_MS = 3000;

/** What a move did, as data for the summary. */
export interface MoveOutcome {
  source: string;
  moved: number;
  /** Source depth at the start, for progress. */
  depth: number;
  unrouted: number;
  /** --where: messages of the last pass it did not match, left in the source. */
  unmatched?: number;
  /** The last pass stopped because messages left in the source filled the window: those behind were not looked at. */
  windowFull?: boolean;
  routes: Map<string, number>;
  refusal: Refusal | undefined;
  interrupted: StopReason | undefined;
  failure: CliError | undefined;
  elapsedMs: number;
  /** In flight when a connection was lost or the destination nacked after a failover: moved again, so maybe twice. */
  again: number;
}

/** How one pass with one pair of channels ended. */
type PassEnd = 'done' | 'signal' | 'lost';

/**
 * One run of `queue move`: a channel consuming the source, a confirm channel publishing to the
 * destination, and a Mover between them, until the source is empty, --count is reached, the
 * destination refuses, or a signal. Closing the source channel puts back what was not acked. A
 * lost connection fails over to the next node and the move goes on with new channels (a pass
 * each); what was in flight comes back from the source and is moved again.
 */
export class MoveSession {
  private readonly interrupted = new AbortController();
  private mover: Mover | undefined;
  private depth = 0;
  /** Moved by the passes before this one. */
  private movedBefore = 0;
  private readonly routes = new Map<string, number>();
  private again = 0;
  private readonly outage: OutageReport;
  private readonly nackRetry: NackRetry;
  private connection: BrokerConnection | undefined;
  /** Per pass: resolved once the connection is back after a loss (or a signal came meanwhile). */
  private reconnected: Promise<void> | undefined;
  private onBack: (() => void) | undefined;
  /** Per pass: ends it when the connection is lost. */
  private onLost: (() => void) | undefined;

  constructor(
    private readonly run: Run,
    private readonly plan: MovePlan,
  ) {
    this.outage = new OutageReport(run.log);
    this.nackRetry = new NackRetry(plan.retryNacksMs);
  }

  interrupt(reason: StopReason): void {
    if (!this.interrupted.signal.aborted) this.interrupted.abort(reason);
    this.mover?.stop();
    this.onBack?.();
  }

  /** For progress: moved so far, and the source depth at the start. */
  get progress(): { moved: number; depth: number } {
    return { moved: this.movedBefore + (this.mover?.moved ?? 0), depth: this.depth };
  }

  async move(): Promise<MoveOutcome> {
    const { run, plan } = this;
    const connection = await BrokerConnection.open((await run.settings()).connection, {
      name: 'mqcli queue move',
      recovery: plan.reconnect ? this.recovery : undefined,
      onNodeFailed: (error, next) => run.log.warn(`${error.message}; trying ${whereOf(next)}`),
    });
    this.connection = connection;
    const started = performance.now();
    let failure: CliError | undefined;
    try {
      const probe = await connection.channel();
      this.depth = (await probe.checkQueue(plan.source)).messageCount;
      await probe.close();
      for (;;) {
        // A connection lost again while a pass sets up is one more loss, not a failure.
        const end = await this.pass(connection).catch((error: unknown) => {
          if (isConnectionGone(error)) return 'lost' as const;
          throw error;
        });
        const mover = this.mover;
        const nacked = mover?.refusal?.nacked === true && this.nackRetry.open;
        if (end !== 'lost' && !nacked && !(end === 'done' && (await this.heldBack(connection)))) break;
        // The next pass takes what this one left in flight again, with a mover of its own.
        this.again += mover?.unsettled ?? 0;
        this.movedBefore += mover?.moved ?? 0;
        this.mover = undefined;
        if (end === 'lost') await Promise.race([this.reconnected, connection.lost]);
        else if (nacked) await this.backOff(mover?.refusal?.index ?? 0);
        if (this.interrupted.signal.aborted || (plan.count !== undefined && this.movedBefore >= plan.count)) break;
      }
    } catch (error) {
      failure = operationError(error);
    } finally {
      this.outage.clear();
      await connection.close();
    }
    const mover = this.mover;
    const signal = this.interrupted.signal;
    return {
      source: plan.source,
      moved: this.progress.moved,
      depth: this.depth,
      // Those of the last pass: each pass meets the messages with no origin again.
      unrouted: mover?.unrouted ?? 0,
      unmatched: mover?.unmatched ?? 0,
      windowFull: mover !== undefined && !mover.done && mover.held >= plan.window && this.depth > mover.held,
      routes: this.routes,
      refusal: mover?.refusal,
      interrupted: signal.aborted ? (signal.reason as StopReason) : undefined,
      failure,
      elapsedMs: performance.now() - started,
      again: this.again,
    };
  }

  /** One pair of channels, until the move ends or the connection is lost. */
  private async pass(connection: BrokerConnection): Promise<PassEnd> {
    const { plan } = this;
    let lost = false;
    const gone = new Promise<'lost'>((resolve) => {
      this.reconnected = new Promise<void>((back) => {
        this.onBack = back;
      });
      this.onLost = () => {
        lost = true;
        resolve('lost');
      };
    });
    const source = await connection.channel();
    await this.prepareDestination(connection);
    const destination = await connection.confirmChannel();
    // amqplib decodes header tables into JS values and loses their wire types (2.0 becomes 2,
    // int64 is rounded, a latin-1 string turns into U+FFFD); with this the received table is
    // kept as bytes and published again as it was. Both channels share the one connection.
    enableTypedHeaders(destination);
    let wake = (): void => {};
    const limit = plan.count === undefined ? undefined : plan.count - this.movedBefore;
    const mover = new Mover(source, destination, plan.target, limit, () => wake(), this.routes, plan.where, plan.keep);
    this.mover = mover;
    if (this.interrupted.signal.aborted) mover.stop();
    await source.prefetch(plan.window);
    const { consumerTag } = await source.consume(plan.source, mover.handle, { noAck: false });
    const watch = { connection, mover, plan, signal: this.interrupted.signal, onWake: (next: () => void) => (wake = next) };
    const stopped = await Promise.race([untilDone(watch), gone, connection.lost]);
    if (stopped === 'lost') return 'lost';
    // An empty source: deliveries already on their way arrive before the cancel is confirmed,
    // and are moved too. Otherwise nothing more is taken.
    if (stopped === 'signal') mover.stop();
    await source.cancel(consumerTag).catch(() => {});
    mover.stop();
    // What is in flight settles (a grace period after a signal); the rest goes back on close.
    await Promise.race([settled(watch), gone, connection.lost, ...(stopped === 'signal' ? [aborted(AbortSignal.timeout(INTERRUPT_GRACE_MS))] : [])]);
    if (lost) return 'lost';
    // Closed before the next pass, so that what was not acked is back in the source for it.
    await source.close().catch(() => {});
    await destination.close().catch(() => {});
    return stopped;
  }

  /** Told by the connection: a loss ends the pass; once back, the next pass starts. */
  private readonly recovery: RecoveryListener = {
    onDisconnect: (error) => {
      this.outage.down(error, (this.connection as BrokerConnection).target);
      this.onLost?.();
    },
    onRetry: (attempt, delay) => this.outage.retry(attempt, delay),
    onReconnect: () => {
      this.nackRetry.failedOver();
      this.outage.up(`moving on from queue '${this.plan.source}' (what was in flight comes again)`, (this.connection as BrokerConnection).target);
      this.onBack?.();
    },
  };

  /**
   * After a failover, whether the source gave back more once the move seemed done: a quorum queue
   * returns what a consumer on the lost node held only some seconds after its election, so the
   * source is looked at again after a pause, for as long as LEADERLESS_DOUBT_MS after the failover.
   */
  private async heldBack(connection: BrokerConnection): Promise<boolean> {
    const mover = this.mover;
    if (mover === undefined || mover.refusal !== undefined || mover.done || this.interrupted.signal.aborted) return false;
    if (!this.nackRetry.failedOverOnce || this.nackRetry.sinceFailover > LEADERLESS_DOUBT_MS) return false;
    await sleep(RECHECK_AFTER_MS, undefined, { signal: this.interrupted.signal }).catch(() => {});
    const probe = await connection.channel();
    const { messageCount } = await probe.checkQueue(this.plan.source);
    await probe.close();
    // A redrive's messages with no origin are back in the source after each pass: only more counts.
    return messageCount > mover.held && !this.interrupted.signal.aborted;
  }

  /** The destination nacked after a failover: wait, then a new pass with fresh channels. */
  private async backOff(index: number): Promise<void> {
    const delay = this.nackRetry.nextDelay();
    this.run.log.info(
      `the destination nacked message ${index} after the failover (a quorum queue electing a new leader?); ` +
        `moving again in ${seconds(delay)}, for up to ${seconds(this.nackRetry.boundMs)} (--retry-nacks)`,
    );
    await sleep(delay, undefined, { signal: this.interrupted.signal }).catch(() => {});
  }

  private async prepareDestination(connection: BrokerConnection): Promise<void> {
    const { target } = this.plan;
    if (target.kind === 'exchange') return checkExchange(connection, target.exchange);
    if (target.kind !== 'queue') return;
    const state = await ensureQueue(connection, target.queue, true);
    if (state === 'created') this.run.log.info(createdNote(target.queue));
    if (state === 'missing') throw new BrokerError(`queue '${target.queue}' does not exist`);
  }
}
