import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Options } from 'amqplib';
import { BrokerConnection } from '../broker/connection.js';
import { isNotFound } from '../broker/error-map.js';
import type { Run } from '../context.js';
import { fromEnvelopeLine } from '../envelope-read.js';
import { BrokerError } from '../errors.js';
import { onStopSignal, type StopReason } from '../signals.js';
import { enableTypedHeaders, publishHeaders, withClusterId } from '../wire/typed-headers.js';
import type { DumpContents } from './format.js';
import { writeResume } from './resume-state.js';

/** Everything `queue restore` will do, decided (and the file checked) before connecting. */
export interface RestorePlan {
  file: string;
  dump: DumpContents;
  queue: string;
  /** --resume: messages already confirmed, from the first. */
  from: number;
  /** --rate: most messages per second. */
  rate: number | undefined;
}

export interface RestoreOutcome {
  queue: string;
  published: number;
  skipped: number;
  created: boolean;
  elapsedMs: number;
  interrupted: StopReason | undefined;
}

/** Confirms per update of the state file. */
const BATCH = 500;
/** Most messages published and not yet confirmed. */
const WINDOW = 2000;

/**
 * `queue restore`: declares the queue from the dump's header when it is missing, then publishes
 * each message with confirms and `mandatory` through the default exchange, body, properties and
 * header wire types as dumped. After each 500 confirmed the state file says how far it got.
 */
export async function runRestore(run: Run, plan: RestorePlan): Promise<RestoreOutcome> {
  const started = performance.now();
  const connection = await BrokerConnection.open((await run.settings()).connection, { name: 'mqcli queue restore' });
  let interrupted: StopReason | undefined;
  const removeSignals = onStopSignal((reason) => {
    interrupted ??= reason;
  }, run.exit);
  try {
    const created = await ensureDeclared(run, connection, plan);
    const channel = await connection.confirmChannel();
    enableTypedHeaders(channel);
    let returned: string | undefined;
    channel.on('return', (message) => {
      returned ??= `the broker returned a message: nothing takes routing key '${message.fields.routingKey}'`;
    });
    const { lines } = plan.dump;
    // The confirmed prefix: only what is confirmed together with everything before it counts,
    // whatever order the confirms come in.
    let confirmed = plan.from;
    const done = new Uint8Array(lines.length);
    let failed: Error | undefined;
    let wake: (() => void) | undefined;
    const confirmer =
      (index: number) =>
      (error: Error | null): void => {
        if (error !== null) failed ??= new BrokerError(`the broker nacked message ${index + 1} of the dump; ${confirmed - plan.from} were confirmed before`);
        else {
          done[index] = 1;
          const before = confirmed;
          while (confirmed < lines.length && done[confirmed] === 1) confirmed++;
          if (Math.floor(confirmed / BATCH) > Math.floor(before / BATCH)) writeResume(plan.file, { sha256: plan.dump.sha256, confirmed });
        }
        wake?.();
      };
    for (let i = plan.from; i < lines.length && interrupted === undefined && failed === undefined && returned === undefined; i++) {
      if (plan.rate !== undefined) {
        const wait = started + ((i - plan.from) * 1000) / plan.rate - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const message = fromEnvelopeLine(lines[i] as string, i + 2);
      const options: Options.Publish = withClusterId({
        ...message.properties,
        mandatory: true,
        ...(message.headers === undefined ? {} : { headers: publishHeaders(message.headers) }),
      });
      const room = channel.publish('', plan.queue, message.body, options, confirmer(i));
      // Never more than a window unconfirmed, nor more than the socket takes.
      while ((i + 1 - confirmed >= WINDOW || !room) && failed === undefined && i + 1 > confirmed) await new Promise<void>((resolve) => (wake = resolve));
    }
    await channel.waitForConfirms().catch(() => {});
    if (failed !== undefined) throw failed;
    if (returned !== undefined) throw new BrokerError(`${returned}; ${confirmed - plan.from} published before`);
    writeResume(plan.file, { sha256: plan.dump.sha256, confirmed });
    return { queue: plan.queue, published: confirmed - plan.from, skipped: plan.from, created, elapsedMs: performance.now() - started, interrupted };
  } finally {
    removeSignals();
    await connection.close();
  }
}

/** Declares the queue as the header says (type, arguments, bindings) when it does not exist; true when it did so. */
async function ensureDeclared(run: Run, connection: BrokerConnection, plan: RestorePlan): Promise<boolean> {
  const probe = await connection.channel();
  try {
    await probe.checkQueue(plan.queue);
    await probe.close();
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const { declaration } = plan.dump.header;
  const args = { ...declaration.arguments, ...(declaration.type === undefined ? {} : { 'x-queue-type': declaration.type }) };
  const channel = await connection.channel();
  await channel.assertQueue(plan.queue, { durable: declaration.durable, autoDelete: declaration.autoDelete, arguments: args });
  for (const binding of declaration.bindings) {
    const bind = await connection.channel();
    bind.on('error', () => {});
    await bind.bindQueue(plan.queue, binding.exchange, binding.routingKey, binding.arguments).then(
      () => bind.close(),
      (error: unknown) => run.log.warn(`could not bind queue '${plan.queue}' to exchange '${binding.exchange}' as the dump says: ${(error as Error).message}`),
    );
  }
  await channel.close();
  run.log.info(`created queue '${plan.queue}' as the dump declares it (${declaration.type ?? 'type unknown'}, ${declaration.bindings.length} bindings)`);
  return true;
}
