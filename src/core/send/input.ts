import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { maxMessageBytes } from '../broker/limits.js';
import { UsageError } from '../errors.js';
import { BODY_HINT, checkTableSize } from '../publish-limits.js';
import { withFlagHeaders } from './properties.js';
import { LineSplitter } from './line-splitter.js';
import type { SendPlan } from './plan.js';
import { envelopeSource, fileSource, lineSource, readFileMessage, tooLarge, wholeSource, type MessageSource, type OutgoingMessage } from './sources.js';

/** Missing or unreadable files are usage errors, found before connecting; returns their sizes. */
export async function checkFiles(paths: readonly string[]): Promise<number[]> {
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
export async function fixedMessages(plan: SendPlan, maxBodyBytes: number): Promise<OutgoingMessage[] | undefined> {
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
export const LARGEST_LIMIT = maxMessageBytes('3');

/** Input read from stdin as publishing goes on (files are checked before connecting anyway). */
export function isStream(plan: SendPlan): boolean {
  return plan.input.kind === 'lines' || plan.input.kind === 'envelopes' || plan.input.kind === 'whole';
}

/** Reads a source's first batch now; a bad one throws here, a usage error saying nothing was sent. */
export async function readAhead(source: MessageSource, signal: AbortSignal): Promise<{ first: OutgoingMessage[] | undefined; source: MessageSource }> {
  const iterator = source[Symbol.asyncIterator]();
  let head: IteratorResult<OutgoingMessage[]>;
  try {
    head = await iterator.next();
  } catch (error) {
    // Ctrl-C while waiting for the first line closes stdin under the reader: nothing was read.
    if (signal.aborted) return { first: undefined, source: (async function* () {})() };
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
export function lazySource(stdin: NodeJS.ReadableStream, plan: SendPlan, maxBodyBytes: number, signal: AbortSignal): MessageSource {
  const { input } = plan;
  if (input.kind === 'whole') return notEmpty(wholeSource(stdin, plan.repeat, maxBodyBytes, signal), plan, signal);
  if (input.kind === 'envelopes') return notEmpty(checkedHeaders(envelopeSource(stdin, maxBodyBytes, signal), plan), plan, signal);
  if (input.kind === 'lines') return notEmpty(lineSource(stdin, new LineSplitter(input), maxBodyBytes, signal), plan, signal);
  if (input.kind === 'files') return fileSource(input.paths, signal);
  throw new Error(`not a stream: ${input.kind}`);
}

/**
 * Each envelope's header table, with the -H flags over them, measured as it is read: those of the
 * first batch before connecting, so that a table amqplib cannot encode creates no queue; and a
 * later one before it reaches a broker that would close the connection on it.
 */
async function* checkedHeaders(source: MessageSource, plan: SendPlan): MessageSource {
  for await (const batch of source) {
    for (const message of batch) {
      if (message.headers === undefined) continue;
      const table = plan.headers === undefined ? message.headers : withFlagHeaders(message.headers, plan.headers);
      checkTableSize(table, `the headers of ${message.origin ?? 'a message'}`, BODY_HINT);
    }
    yield batch;
  }
}

/** Throws plan.emptyStdin when stdin held no message at all (and no signal cut it short). */
async function* notEmpty(source: MessageSource, plan: SendPlan, signal: AbortSignal): MessageSource {
  let any = false;
  for await (const batch of source) {
    any ||= batch.length > 0;
    yield batch;
  }
  if (!any && plan.emptyStdin !== undefined && !signal.aborted) throw plan.emptyStdin;
}
