import { performance } from 'node:perf_hooks';
import type { ConsumeMessage } from 'amqplib';
import { isNotFound } from '../broker/error-map.js';
import { BrokerConnection } from '../broker/connection.js';
import { isStream } from '../consumer/source.js';
import type { Run } from '../context.js';
import { toEnvelope } from '../envelope.js';
import { BrokerError } from '../errors.js';
import { onStopSignal, type StopReason } from '../signals.js';
import type { Where } from '../where.js';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import { declarationOf } from './declaration.js';
import type { DumpEnd, DumpHeader } from './format.js';
import { DumpWriter } from './writer.js';

/** Everything `queue dump` will do, decided before connecting. */
export interface DumpPlan {
  queue: string;
  file: string;
  gzip: boolean;
  /** --take: remove each message, once the file holds it on disk. */
  take: boolean;
  where: Where | undefined;
}

export interface DumpOutcome {
  queue: string;
  file: string;
  written: number;
  /** At the start. */
  depth: number;
  elapsedMs: number;
  interrupted: StopReason | undefined;
}

/** Messages per write (and, with --take, per fsync and multiple ack). */
const BATCH = 1000;
/** Nothing more came for this long: what was ready has been read (another consumer took the rest). */
const IDLE_MS = 1000;

/**
 * `queue dump`: a header line, each message as a listen --json envelope, an end line with the
 * count and checksum. Reads what the queue holds at the start. Without --take nothing is acked,
 * so closing the channel puts every message back, in place on a classic queue; with --take a
 * batch is acked only once it is written and fsynced.
 */
export async function runDump(run: Run, plan: DumpPlan): Promise<DumpOutcome> {
  const started = performance.now();
  const connection = await BrokerConnection.open((await run.settings()).connection, { name: 'mqcli queue dump' });
  let interrupted: StopReason | undefined;
  let stop = (): void => {};
  const removeSignals = onStopSignal((reason) => {
    interrupted ??= reason;
    stop();
  }, run.exit);
  try {
    const probe = await connection.channel();
    const depth = await probe.checkQueue(plan.queue).then(
      (reply) => reply.messageCount,
      (error: unknown) => {
        throw isNotFound(error) ? new BrokerError(`queue '${plan.queue}' does not exist in vhost '${connection.target.vhost}'`) : error;
      },
    );
    if (await isStream(connection, plan.queue)) throw new BrokerError(`queue '${plan.queue}' is a stream: queue dump reads classic and quorum queues`);
    const header: DumpHeader = {
      mqcliDump: 1,
      queue: plan.queue,
      vhost: connection.target.vhost,
      count: depth,
      createdAt: new Date().toISOString(),
      declaration: await declarationOf(run, connection, plan.queue),
    };
    const writer = new DumpWriter(plan.file, plan.gzip);
    writer.line(JSON.stringify(header));
    const channel = await connection.channel();
    enableTypedHeaders(channel);
    // Without --take every message is held unacked to the end: no prefetch limit may stop that.
    await channel.prefetch(plan.take && plan.where === undefined ? 2 * BATCH : 0);
    let seen = 0;
    let written = 0;
    let toAck: ConsumeMessage[] = [];
    let batched = 0;
    const flush = (): void => {
      writer.flush(plan.take);
      const last = toAck[toAck.length - 1];
      // Only what is on disk is acked; with --where one by one, so that no multiple ack takes a message left in the queue.
      if (plan.where !== undefined) for (const message of toAck) channel.ack(message);
      else if (last !== undefined) channel.ack(last, true);
      toAck = [];
      batched = 0;
    };
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (): void => {
        finished = true;
        clearTimeout(idle);
        resolve();
      };
      let idle = setTimeout(finish, IDLE_MS);
      stop = finish;
      if (depth === 0) finish();
      channel
        .consume(plan.queue, (message) => {
          if (message === null || finished) return;
          seen++;
          clearTimeout(idle);
          idle = setTimeout(finish, IDLE_MS);
          if (plan.where === undefined || plan.where.matches(message)) {
            writer.line(JSON.stringify(toEnvelope(message, new Date())));
            written++;
            batched++;
            if (plan.take) toAck.push(message);
          }
          if (batched >= BATCH) flush();
          if (seen >= depth) finish();
        })
        .catch(reject);
    });
    flush();
    const end: DumpEnd = { mqcliDumpEnd: 1, count: written, sha256: writer.digest() };
    writer.line(JSON.stringify(end));
    writer.flush(true);
    writer.close();
    return { queue: plan.queue, file: plan.file, written, depth, elapsedMs: performance.now() - started, interrupted };
  } finally {
    removeSignals();
    // Closing hands back every message not acked.
    await connection.close();
  }
}
