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
import { openSubscription, prepare, type Subscription } from './subscription.js';

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

  const listener = new Listener({
    format: formatter(plan.format, { delimiter: plan.delimiter, style: run.stdoutStyle }),
    output: run.stdout,
    noAck: plan.noAck || plan.peek,
    limit: plan.count,
    onEnd: (end) => {
      if (end.kind === 'cancelled') finish({ kind: 'error', error: new BrokerError(`the broker cancelled the consumer: ${source} was deleted or is no longer available`) });
      else if (end.kind === 'failed') finish({ kind: 'error', error: new BrokerError(`could not write a message: ${end.error.message}`, { cause: end.error }) });
      else if (end.kind === 'output-failed') finish(outputEnd(end.error));
      else finish(end);
    },
    onMessage: () => idle.reset(),
    onIdle: () => drain.check(),
  });

  let subscription: Subscription | undefined;
  const recovery: RecoveryListener | undefined = plan.reconnect
    ? {
        onDisconnect: (error) => {
          listener.use(undefined);
          subscription = undefined;
          run.log.warn(`${error.message}; reconnecting (--no-reconnect to exit instead)`);
        },
        onRetry: (attempt, delay) => run.log.debug(`reconnect attempt ${attempt} in ${delay} ms`),
        onReconnect: () => {
          // A restarted broker may have lost a transient queue: make sure of it again, as at the start.
          prepare(run, connection, plan)
            .then(subscribe)
            .then(() => {
              run.log.info(`reconnected; listening to ${source} again`);
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
    subscription = await openSubscription(connection, plan, listener, (error) => finish({ kind: 'error', error }));
  };
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
  listener.stop();
  if (subscription !== undefined) await subscription.channel.cancel(subscription.consumerTag).catch(() => {});
  await listener.flushed();
  removeSignals();
  run.stdout.off('error', onOutputError);
  // Closing the channel hands every delivered-but-unwritten message back to the queue.
  await connection.close();

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

