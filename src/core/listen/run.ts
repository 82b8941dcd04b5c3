import { performance } from 'node:perf_hooks';
import { BrokerConnection, type RecoveryListener } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { BrokerError, type CliError, ExitCode, RuntimeError } from '../errors.js';
import { onStopSignal, SIGNAL_EXIT, type StopReason } from '../signals.js';
import { formatDuration, formatRate, plural } from '../../ui/format.js';
import { drainWatch } from './drain.js';
import { formatter } from './format.js';
import { Listener } from './listener.js';
import { peek } from './peek.js';
import type { ListenPlan } from './plan.js';
import { MAX_PREFETCH } from './plan.js';
import { exclusive, openSubscription, prepare, resubscribe, type Subscription } from './subscription.js';
import { unreadCapacity } from './unread.js';
import { OutageReport } from '../broker/outage.js';

/** How long a Ctrl-C may take to hand back what the reader has not read. */
const SIGNAL_GRACE_MS = 1000;
/** Held messages older than this are handed back and held again (consumer timeouts are 30 min by default). */
const HOLD_LIMIT_MS = 60_000;

/** Why listening ended; each maps to an exit code. */
type End =
  | { kind: 'count' | 'idle' | 'drained' | 'output-closed' | 'peeked' }
  | { kind: 'signal'; reason: StopReason }
  | { kind: 'error'; error: CliError };

/** `listen`: consumes (or peeks) until a stop condition, writing each message before acking it. */
export async function runListen(run: Run, plan: ListenPlan): Promise<number> {
  const { connection: settings } = await run.settings();
  let finish!: (end: End) => void;
  const ended = new Promise<End>((resolve) => (finish = resolve));
  const source = plan.queue === undefined ? `exchange '${plan.exchange}'` : `queue '${plan.queue}'`;

  // Only a queue's messages are removed by acks: a stream keeps them, a tap's queue dies with us.
  const holdBack = plan.queue !== undefined && plan.offset === undefined && !plan.noAck && !plan.peek;
  let prefetch = plan.prefetch;
  const listener = new Listener({
    format: formatter(plan.format, { delimiter: plan.delimiter, style: run.stdoutStyle }),
    output: run.stdout,
    noAck: plan.noAck || plan.peek,
    limit: plan.count,
    unread: holdBack ? unreadCapacity(run.stdout) : 0,
    onEnd: (end) => {
      if (end.kind === 'cancelled') finish({ kind: 'error', error: new BrokerError(`the broker cancelled the consumer: ${source} was deleted or is no longer available`) });
      else if (end.kind === 'failed') finish({ kind: 'error', error: new BrokerError(`could not write a message: ${end.error.message}`, { cause: end.error }) });
      else if (end.kind === 'output-failed') finish(outputEnd(end.error));
      else finish(end);
    },
    onMessage: () => idle.reset(),
    onIdle: () => drain.check(),
    onStall: () => void widen(),
  });

  // Every unacked message sits written in the pipe, perhaps unread: only a larger prefetch lets
  // more come. A prefetch the user chose is kept, at the price of acking what the pipe took.
  const widen = async (): Promise<void> => {
    const current = subscription;
    if (current === undefined || prefetch === 0) return;
    if (plan.prefetchGiven) {
      run.log.warn(`--prefetch ${plan.prefetch} leaves no room to hold back what the pipe may not have read: from now on a message is acked once the pipe takes it, so a reader that stops early loses what its pipe held (leave --prefetch out to let mqcli choose)`);
      listener.stopHoldingBack();
      return;
    }
    const next = prefetch >= MAX_PREFETCH ? 0 : Math.min(MAX_PREFETCH, prefetch * 4);
    run.log.debug(`the pipe may hold ${plural(listener.heldCount, 'message')} unread; raising the prefetch from ${prefetch} to ${next === 0 ? 'no limit' : next}`);
    prefetch = next;
    await exclusive(current, () => resubscribe(current, listener, { ...plan, prefetch })).catch(() => {
      // A channel lost meanwhile: the reconnect subscribes afresh with the new prefetch.
    });
  };

  let subscription: Subscription | undefined;
  const outage = new OutageReport(run.log);
  const recovery: RecoveryListener | undefined = plan.reconnect
    ? {
        onDisconnect: (error) => {
          listener.use(undefined);
          subscription = undefined;
          outage.down(error, connection.target);
        },
        onRetry: (attempt, delay) => outage.retry(attempt, delay),
        onReconnect: () => {
          // A restarted broker may have lost a transient queue: make sure of it again, as at the start.
          prepare(run, connection, plan)
            .then(subscribe)
            .then(() => {
              outage.up(`listening to ${source} again`);
              drain.check();
            })
            .catch((error: unknown) => finish({ kind: 'error', error: operationError(error) }));
        },
      }
    : undefined;

  const connection = await BrokerConnection.open(settings, {
    name: 'mqcli listen',
    recovery,
    onBlocked: (reason) => run.log.debug(reason === undefined ? 'connection unblocked' : `connection blocked: ${reason}`),
  });
  connection.lost.catch((error: CliError) => finish({ kind: 'error', error }));
  const removeSignals = onStopSignal((reason) => finish({ kind: 'signal', reason }), run.exit);
  const onOutputError = (error: NodeJS.ErrnoException) => finish(outputEnd(error));
  run.stdout.on('error', onOutputError);

  const subscribe = async (): Promise<void> => {
    subscription = await openSubscription(connection, { ...plan, prefetch }, listener, (error) => finish({ kind: 'error', error }));
  };
  // Held messages must not outlive the broker's consumer timeout: hand them back now and then.
  const refresher = holdBack ? setInterval(() => listener.refresh(HOLD_LIMIT_MS), HOLD_LIMIT_MS / 2) : undefined;
  const idle = idleTimer(plan.idleTimeoutMs, () => finish({ kind: 'idle' }));
  const drain = drainWatch(plan.drain, plan, connection, () => subscription, listener, () => finish({ kind: 'drained' }));

  const started = performance.now();
  let listening = false;
  let end: End;
  try {
    await prepare(run, connection, plan);
    listening = true;
    if (plan.peek) {
      const channel = await connection.channel();
      listener.use(channel);
      const stop = { stopped: false };
      void ended.then(() => (stop.stopped = true));
      await Promise.race([peek(channel, plan.queue as string, plan.count, listener, stop), ended]);
      finish({ kind: 'peeked' });
    } else {
      await subscribe();
      idle.reset();
      drain.check();
    }
    end = await ended;
  } catch (error) {
    end = { kind: 'error', error: operationError(error) };
  }
  idle.clear();
  drain.clear();
  clearInterval(refresher);
  outage.clear();
  listener.stop();
  removeSignals();
  if (end.kind === 'signal') {
    // The reader may never read again: what it has not provably read goes back to the queue, and
    // whatever Node still holds for stdout is dropped at exit. A second of grace, no more.
    await Promise.race([connection.close(), delay(SIGNAL_GRACE_MS)]);
  } else {
    const sub = subscription;
    if (sub !== undefined) await exclusive(sub, () => sub.channel.cancel(sub.consumerTag)).catch(() => {});
    await listener.flushed();
    // A normal end: what the reader has in its pipe is its own now.
    if (end.kind !== 'error' && end.kind !== 'output-closed') listener.finish();
    // Closing the channel hands every message not acked back to the queue.
    await connection.close();
  }
  run.stdout.off('error', onOutputError);

  const elapsed = performance.now() - started;
  const kept = plan.peek ? ' (left in the queue)' : '';
  if (listening) run.log.info(`received ${plural(listener.taken, 'message')}${kept} from ${source} in ${formatDuration(elapsed)}${formatRate(listener.taken, elapsed)}`);
  if (end.kind === 'error') throw end.error;
  if (end.kind === 'signal') return SIGNAL_EXIT[end.reason];
  return ExitCode.ok;
}

/** A reader that went away is the end of listening (exit 0); any other write error is a failure. */
function outputEnd(error: NodeJS.ErrnoException): End {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return { kind: 'output-closed' };
  return { kind: 'error', error: new RuntimeError(`cannot write to stdout: ${error.message}`, { cause: error }) };
}

/** Calls `onIdle` after `ms` without a message; `reset` on each one. */
function idleTimer(ms: number | undefined, onIdle: () => void) {
  let timer: NodeJS.Timeout | undefined;
  return {
    reset: () => {
      if (ms === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    clear: () => clearTimeout(timer),
  };
}


function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
