import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buffer } from 'node:stream/consumers';
import type { ConsumeMessage, Message } from 'amqplib';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { BrokerConnection } from '../broker/connection.js';
import { whereOf } from '../broker/error-text.js';
import { NackRetry } from '../broker/nack-retry.js';
import { OutageReport } from '../broker/outage.js';
import { operationError } from '../broker/error-map.js';
import { maxMessageBytes } from '../broker/limits.js';
import type { Run } from '../context.js';
import { toEnvelope } from '../envelope.js';
import { ExitCode, RuntimeError, UsageError } from '../errors.js';
import { showControls } from '../escape.js';
import { onStopSignal, SIGNAL_EXIT, type StopReason } from '../signals.js';
import type { RequestPlan } from './plan.js';

/** RabbitMQ's pseudo-queue for replies straight to this channel's consumer, with no queue declared. */
const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

type Outcome =
  | { kind: 'reply'; message: Message; sentAt: number }
  | { kind: 'returned' }
  | { kind: 'nacked' }
  | { kind: 'timeout' }
  | { kind: 'signal'; reason: StopReason };

/**
 * `request`: publishes one message with reply-to set to direct reply-to and a fresh correlation
 * id, then waits for the reply with that id. Mandatory publishing makes an unroutable request
 * fail at once instead of waiting out the timeout, and confirms a refused one. A lost connection
 * fails over to the next node and asks again there (direct reply-to answers on the channel that
 * asked), as does a nack after that failover, within the reply's --timeout.
 */
export async function runRequest(run: Run, plan: RequestPlan): Promise<number> {
  const body = plan.body ?? (await buffer(run.stdin));
  const settings = (await run.settings()).connection;
  const outage = new OutageReport(run.log, 'asking again within --timeout');
  // The reply's wait bounds the retries after a failover too.
  const retry = new NackRetry(plan.timeoutMs);
  const ask: Ask = { plan, body, correlationId: plan.properties.correlationId ?? randomUUID(), resolve: () => {}, onNack: () => {} };
  let connection: BrokerConnection | undefined;
  const again = (): void => {
    if (connection !== undefined) exchange(connection, ask).catch(() => {});
  };
  connection = await BrokerConnection.open(settings, {
    name: 'mqcli request',
    onNodeFailed: (error, next) => run.log.warn(`${error.message}; trying ${whereOf(next)}`),
    recovery: {
      onDisconnect: (error) => outage.down(error, (connection as BrokerConnection).target),
      onRetry: (attempt, delay) => outage.retry(attempt, delay),
      onReconnect: () => {
        retry.failedOver();
        outage.up('asking again (with the same correlation id: a server may get the request twice)', (connection as BrokerConnection).target);
        again();
      },
    },
  });
  let removeSignals = () => {};
  try {
    const limit = maxMessageBytes(connection.serverProperties?.version);
    if (body.length > limit) throw new UsageError(`the request is ${body.length} bytes, more than the broker's ${limit}`);
    const first = connection;
    const outcome = await Promise.race([
      new Promise<Outcome>((resolve, reject) => {
        removeSignals = onStopSignal((reason) => resolve({ kind: 'signal', reason }), run.exit);
        setTimeout(() => resolve({ kind: 'timeout' }), plan.timeoutMs).unref();
        ask.resolve = resolve;
        ask.onNack = () => {
          if (!retry.open) resolve({ kind: 'nacked' });
          else setTimeout(again, retry.nextDelay()).unref();
        };
        exchange(first, ask).catch(reject);
      }),
      connection.lost,
    ]);
    if (outcome.kind === 'reply') run.log.debug(`reply after ${Math.round(performance.now() - outcome.sentAt)} ms`);
    return finish(run, plan, outcome);
  } catch (error) {
    throw operationError(error);
  } finally {
    removeSignals();
    outage.clear();
    await connection.close();
  }
}

/** One request, asked once or again after a failover. */
interface Ask {
  plan: RequestPlan;
  body: Buffer;
  correlationId: string;
  resolve: (outcome: Outcome) => void;
  /** The broker nacked the request. */
  onNack: () => void;
}

/** Asks on a fresh channel: the reply consumer first, then the request, confirmed. */
async function exchange(connection: BrokerConnection, { plan, body, correlationId, resolve, onNack }: Ask): Promise<void> {
  const channel = await connection.confirmChannel();
  // A -H long string that is not UTF-8 goes out as a raw table, and a request without headers
  // without a table, which need the typed hook; --json prints the reply's headers with their wire
  // types, which the same hook reads.
  enableTypedHeaders(channel);
  let sentAt = 0;
  // Direct reply-to needs the consumer (no-ack) on the publishing channel before the publish.
  await channel.consume(
    DIRECT_REPLY_TO,
    (message: ConsumeMessage | null) => {
      // A late reply to an earlier request on this channel cannot happen (one request per run), but a
      // server may answer without the id: that is taken as the reply, as most clients do.
      if (message !== null && (message.properties.correlationId === undefined || message.properties.correlationId === correlationId)) {
        resolve({ kind: 'reply', message, sentAt });
      }
    },
    { noAck: true },
  );
  channel.on('return', () => resolve({ kind: 'returned' }));
  sentAt = performance.now();
  channel.publish('', plan.queue, body, { ...plan.properties, correlationId, replyTo: DIRECT_REPLY_TO, mandatory: true }, (error) => {
    if (error?.message === 'message nacked') onNack();
  });
}

function finish(run: Run, plan: RequestPlan, outcome: Outcome): number {
  switch (outcome.kind) {
    case 'signal':
      return SIGNAL_EXIT[outcome.reason];
    case 'returned':
      throw new RuntimeError(`queue '${plan.queue}' does not exist: nothing received the request`, {
        hint: `Start a server first, e.g. mqcli listen ${plan.queue} --exec '<command>' --reply`,
      });
    case 'nacked':
      throw new RuntimeError(`the broker nacked the request to queue '${plan.queue}': the queue did not take it`, {
        hint: 'A full queue with x-overflow reject-publish refuses messages; ask again once it has room',
      });
    case 'timeout':
      throw new RuntimeError(`no reply within ${plan.timeoutMs / 1000} s from queue '${plan.queue}'`, {
        hint: 'Is a server listening on it? Wait longer with --timeout <seconds>',
      });
    case 'reply':
      run.stdout.write(render(run, plan, outcome.message));
      return ExitCode.ok;
  }
}

/**
 * The reply's body and the delimiter, as listen's raw output writes a body (shown safely on a
 * terminal, where a body that ends its own line gets no empty one after it); or its JSON envelope.
 */
function render(run: Run, plan: RequestPlan, message: Message): string | Buffer {
  if (plan.json) return `${JSON.stringify(toEnvelope(message, new Date()))}\n`;
  if (run.stdout.isTTY !== true) return Buffer.concat([message.content, plan.delimiter]);
  const shown = showControls(message.content.toString('utf8'));
  const endsLine = shown.endsWith('\n') && plan.delimiter.equals(NEWLINE);
  return endsLine ? shown : `${shown}${showControls(plan.delimiter.toString('utf8'))}`;
}

const NEWLINE = Buffer.from('\n');
