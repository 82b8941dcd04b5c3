import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { BrokerConnection } from '../broker/connection.js';
import { operationError } from '../broker/error-map.js';
import { maxMessageBytes } from '../broker/limits.js';
import type { Run } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { checkExchange, createdNote, ensureQueue } from '../queue/ensure.js';
import { onStopSignal, type StopReason } from '../signals.js';
import { formatCount } from '../../ui/format.js';
import { startProgress } from '../../ui/progress.js';
import { LineSplitter } from './line-splitter.js';
import type { SendPlan } from './plan.js';
import { Publisher } from './publisher.js';
import { interruptedLine, reportSend } from './report.js';
import { envelopeSource, fileSource, fixedSource, lineSource, readFileMessage, tooLarge, wholeSource, type MessageSource, type OutgoingMessage } from './sources.js';

/** Most unconfirmed messages in flight: enough to keep the broker busy, little enough to stay small. */
const CONFIRM_WINDOW = 8192;
/** How long Ctrl-C waits for outstanding confirms before reporting. */
const INTERRUPT_GRACE_MS = 5000;

/** `send`: connects, makes sure the destination exists, publishes, waits for confirms, reports. */
export async function runSend(run: Run, plan: SendPlan): Promise<number> {
  const fileSizes = plan.input.kind === 'files' ? await checkFiles(plan.input.paths) : [];
  const stop = { stopped: false, reason: undefined as StopReason | undefined };
  // The first messages of a stream are read before connecting: bad input creates no queue, and
  // input with no message at all leaves the broker alone.
  const streamed = isStream(plan) ? await readAhead(lazySource(run, plan, LARGEST_LIMIT, stop)) : undefined;
  if (streamed !== undefined && streamed.first === undefined) {
    run.log.info('nothing to send: the input held no messages');
    return ExitCode.ok;
  }
  const { connection: settings } = await run.settings();
  const connection = await BrokerConnection.open(settings, {
    name: 'mqcli send',
    onBlocked: (reason) => (reason === undefined ? run.log.info('the broker unblocked publishers') : run.log.warn(`the broker is blocking publishers: ${reason}`)),
  });
  let publisher: Publisher | undefined;
  const removeSignals = onStopSignal((reason) => {
    stop.stopped = true;
    stop.reason = reason;
    run.stdin.destroy();
    publisher?.stop(INTERRUPT_GRACE_MS);
  }, run.exit, () => {
    // The moment the user most needs the counts: say them before exiting at once.
    progress.stop();
    run.log.write(interruptedLine(publisher?.stats, plan.confirm));
  });
  const destination = plan.exchange === '' ? `queue '${plan.routingKey}'` : `exchange '${plan.exchange}' (routing key '${plan.routingKey}')`;
  const progress = startProgress(run.stderr, run.log, run.env, () => {
    const stats = publisher?.stats;
    return stats === undefined ? 'connecting' : `sending to ${destination}: ${formatCount(stats.published)} sent, ${formatCount(stats.confirmed)} confirmed`;
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
    await prepareDestination(run, connection, plan);
    const channel = plan.confirm ? await connection.confirmChannel() : await connection.channel();
    publisher = new Publisher(channel, plan, { confirm: plan.confirm, window: CONFIRM_WINDOW, maxBodyBytes, properties: plan.properties });
    if (stop.stopped) publisher.stop(INTERRUPT_GRACE_MS);
    const source = fixed === undefined ? (streamed?.source ?? lazySource(run, plan, maxBodyBytes, stop)) : fixedSource(fixed, plan.repeat, stop);
    try {
      await Promise.race([publisher.publishAll(source, stop), connection.lost]);
    } catch (error) {
      if (stop.reason === undefined) failure = error;
    }
    stop.stopped = true;
    await Promise.race([publisher.settle(), connection.lost]).catch((error) => (failure ??= error));
    // Without confirms, a clean channel close is the only sign the broker read everything.
    if (!plan.confirm && failure === undefined && !publisher.isClosed) {
      await Promise.race([channel.close(), publisher.graceEnded]).catch((error) => (failure ??= error));
    }
    failure ??= publisher.channelError;
  } catch (error) {
    if (publisher === undefined) throw operationError(error);
    failure ??= error;
  } finally {
    progress.stop();
    removeSignals();
    await connection.close();
  }
  const report = reportSend({
    stats: publisher.stats,
    confirm: plan.confirm,
    destination,
    elapsedMs: performance.now() - started,
    interrupted: stop.reason,
    failure: failure === undefined ? undefined : failure instanceof CliError ? failure : operationError(failure),
  });
  if (report.summary !== undefined) run.log.info(report.summary);
  if (report.error !== undefined) throw report.error;
  return report.exitCode;
}

/** Missing or unreadable files are usage errors, found before connecting; returns their sizes. */
async function checkFiles(paths: readonly string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new UsageError(`file ${path} does not exist`);
    if (!info.isFile()) throw new UsageError(`${path} is not a file`);
    await access(path, constants.R_OK).catch(() => {
      throw new UsageError(`cannot read file ${path}: permission denied`);
    });
    sizes.push(info.size);
  }
  return sizes;
}

/**
 * Messages given as arguments, checked against the size limit before anything is sent; and files
 * when --repeat sends them more than once (they are then read once and kept).
 */
async function fixedMessages(plan: SendPlan, maxBodyBytes: number): Promise<OutgoingMessage[] | undefined> {
  const { input } = plan;
  if (input.kind === 'files' && plan.repeat > 1) return Promise.all(input.paths.map(readFileMessage));
  if (input.kind !== 'arguments') return undefined;
  return input.messages.map((text, index) => {
    const body = Buffer.from(text);
    if (body.length > maxBodyBytes) throw tooLarge(body.length, maxBodyBytes, `message ${index + 1}`);
    return { body };
  });
}

/** RabbitMQ's largest default max_message_size, for reading ahead before the broker's version is known. */
const LARGEST_LIMIT = maxMessageBytes('3');

/** Input read from stdin as publishing goes on (files are checked before connecting anyway). */
function isStream(plan: SendPlan): boolean {
  return plan.input.kind === 'lines' || plan.input.kind === 'envelopes' || plan.input.kind === 'whole';
}

/** Reads a source's first batch now; a bad one throws here, a usage error saying nothing was sent. */
async function readAhead(source: MessageSource): Promise<{ first: OutgoingMessage[] | undefined; source: MessageSource }> {
  const iterator = source[Symbol.asyncIterator]();
  let head: IteratorResult<OutgoingMessage[]>;
  try {
    head = await iterator.next();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message}; nothing was sent`, { hint: error.hint, cause: error });
    throw error;
  }
  async function* rest(): MessageSource {
    if (head.done) return;
    yield head.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first: head.done ? undefined : head.value, source: rest() };
}

/** Sources read while publishing goes on: stdin, or files one at a time. */
function lazySource(run: Run, plan: SendPlan, maxBodyBytes: number, stop: { stopped: boolean }): MessageSource {
  const { input } = plan;
  if (input.kind === 'whole') return wholeSource(run.stdin, plan.repeat, maxBodyBytes, stop);
  if (input.kind === 'envelopes') return envelopeSource(run.stdin, maxBodyBytes, stop);
  if (input.kind === 'lines') return lineSource(run.stdin, new LineSplitter(input), maxBodyBytes, stop);
  if (input.kind === 'files') return fileSource(input.paths, stop);
  throw new Error(`not a stream: ${input.kind}`);
}

async function prepareDestination(run: Run, connection: BrokerConnection, plan: SendPlan): Promise<void> {
  if (plan.queue === undefined) {
    await checkExchange(connection, plan.exchange);
    return;
  }
  const state = await ensureQueue(connection, plan.queue, plan.declare);
  if (state === 'created') run.log.info(createdNote(plan.queue));
  if (state === 'missing') run.log.warn(`queue '${plan.queue}' does not exist and --no-declare is given: the messages will be unroutable`);
}
