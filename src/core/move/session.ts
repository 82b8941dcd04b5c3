import { performance } from 'node:perf_hooks';
import type { Channel } from 'amqplib';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { BrokerConnection } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError } from '../errors.js';
import { createdNote, ensureQueue } from '../broker/ensure-queue.js';
import { checkExchange } from '../broker/probe.js';
import { aborted, type StopReason } from '../signals.js';
import { Mover, type Refusal } from './mover.js';
import type { MovePlan } from './plan.js';

/** How long Ctrl-C waits for the confirms of what is in flight. */
const INTERRUPT_GRACE_MS = 5000;
/** How often an idle move asks whether the source is empty. */
const CHECK_EVERY_MS = 100;

/** What a move did, as data for the summary. */
export interface MoveOutcome {
  source: string;
  moved: number;
  /** Source depth at the start, for progress. */
  depth: number;
  unrouted: number;
  routes: Map<string, number>;
  refusal: Refusal | undefined;
  interrupted: StopReason | undefined;
  failure: CliError | undefined;
  elapsedMs: number;
}

/**
 * One run of `queue move`: a channel consuming the source, a confirm channel publishing to the
 * destination, and a Mover between them, until the source is empty, --count is reached, the
 * destination refuses, or a signal. Closing the source channel puts back what was not acked.
 */
export class MoveSession {
  private readonly interrupted = new AbortController();
  private mover: Mover | undefined;
  private depth = 0;

  constructor(
    private readonly run: Run,
    private readonly plan: MovePlan,
  ) {}

  interrupt(reason: StopReason): void {
    if (!this.interrupted.signal.aborted) this.interrupted.abort(reason);
    this.mover?.stop();
  }

  /** For progress: moved so far, and the source depth at the start. */
  get progress(): { moved: number; depth: number } {
    return { moved: this.mover?.moved ?? 0, depth: this.depth };
  }

  async move(): Promise<MoveOutcome> {
    const { run, plan } = this;
    const connection = await BrokerConnection.open((await run.settings()).connection, { name: 'mqcli queue move' });
    const started = performance.now();
    let failure: CliError | undefined;
    try {
      const source = await connection.channel();
      this.depth = (await source.checkQueue(plan.source)).messageCount;
      await this.prepareDestination(connection);
      const destination = await connection.confirmChannel();
      // amqplib decodes header tables into JS values and loses their wire types (2.0 becomes 2,
      // int64 is rounded, a latin-1 string turns into U+FFFD); with this the received table is
      // kept as bytes and published again as it was. Both channels share the one connection.
      enableTypedHeaders(destination);
      let wake = (): void => {};
      const mover = new Mover(source, destination, plan.target, plan.count, () => wake());
      this.mover = mover;
      if (this.interrupted.signal.aborted) mover.stop();
      await source.prefetch(plan.window);
      const { consumerTag } = await source.consume(plan.source, mover.handle, { noAck: false });
      const stopped = await Promise.race([this.untilDone(connection, mover, (next) => (wake = next)), connection.lost]);
      // An empty source: deliveries already on their way arrive before the cancel is confirmed,
      // and are moved too. Otherwise nothing more is taken.
      if (stopped === 'signal') mover.stop();
      await source.cancel(consumerTag).catch(() => {});
      mover.stop();
      // What is in flight settles (a grace period after a signal); the rest goes back on close.
      await Promise.race([
        this.settled(mover, (next) => (wake = next)),
        connection.lost,
        ...(stopped === 'signal' ? [aborted(AbortSignal.timeout(INTERRUPT_GRACE_MS))] : []),
      ]);
    } catch (error) {
      failure = operationError(error);
    } finally {
      await connection.close();
    }
    const mover = this.mover;
    const signal = this.interrupted.signal;
    return {
      source: plan.source,
      moved: mover?.moved ?? 0,
      depth: this.depth,
      unrouted: mover?.unrouted ?? 0,
      routes: mover?.routes ?? new Map(),
      refusal: mover?.refusal,
      interrupted: signal.aborted ? (signal.reason as StopReason) : undefined,
      failure,
      elapsedMs: performance.now() - started,
    };
  }

  /** Resolves when the move should stop: --count, a refusal, a signal, or an empty source. */
  private untilDone(connection: BrokerConnection, mover: Mover, onWake: (wake: () => void) => void): Promise<'done' | 'signal'> {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<'done' | 'signal'>((resolve, reject) => {
      // A channel of its own for the emptiness checks: a failed check must not close the consumer's.
      let probe: Promise<Channel> | undefined;
      const check = (): void => {
        if (this.interrupted.signal.aborted) resolve('signal');
        else if (mover.done || mover.refusal !== undefined) resolve('done');
        if (this.interrupted.signal.aborted || mover.done || mover.refusal !== undefined || mover.pending > 0) return;
        probe ??= connection.channel();
        probe
          .then((channel) => channel.checkQueue(this.plan.source))
          .then(({ messageCount }) => {
            // Nothing ready is left; or the window is full of messages a redrive cannot route.
            if (messageCount === 0 || mover.unrouted >= this.plan.window) resolve('done');
          })
          .catch(reject);
      };
      onWake(check);
      timer = setInterval(check, CHECK_EVERY_MS);
      this.interrupted.signal.addEventListener('abort', check, { once: true });
      queueMicrotask(check);
    }).finally(() => clearInterval(timer));
  }

  private settled(mover: Mover, onWake: (wake: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (mover.pending === 0) resolve();
      };
      onWake(check);
      check();
    });
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
