import { readFile } from 'node:fs/promises';
import type { Options } from 'amqplib';
import type { TypedTable } from '../wire/typed-value.js';
import { fromEnvelopeLine } from '../envelope-read.js';
import { UsageError } from '../errors.js';
import { formatCount } from '../../ui/format.js';
import { LineSplitter } from './line-splitter.js';
import { contentTypeFor } from './properties.js';

/** One message to publish; `properties` are its own (a file's content type, an envelope's). */
export interface OutgoingMessage {
  body: Buffer;
  properties?: Options.Publish | undefined;
  /** Where it came from, for errors: `line 12 of stdin`. */
  origin?: string | undefined;
  /** Its properties are a received message's, to reproduce as they were: no timestamp is added. */
  verbatim?: boolean | undefined;
  /** Its header table with wire types (an envelope's), published exactly so. */
  headers?: TypedTable | undefined;
}

/** Messages come in batches (a chunk of stdin, say), so publishing needs no await per message. */
export type MessageSource = AsyncIterable<OutgoingMessage[]>;

const REPEAT_BATCH = 1000;

/** The given messages, `repeat` times over, in batches. */
export async function* fixedSource(messages: OutgoingMessage[], repeat: number, signal: AbortSignal): MessageSource {
  let batch: OutgoingMessage[] = [];
  for (let round = 0; round < repeat && !signal.aborted; round++) {
    for (const message of messages) batch.push(message);
    if (batch.length >= REPEAT_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0 && !signal.aborted) yield batch;
}

/** A file as one message: bytes as on disk, with a content type guessed from its extension. */
export async function readFileMessage(path: string): Promise<OutgoingMessage> {
  const contentType = contentTypeFor(path);
  return { body: await readFile(path), properties: contentType === undefined ? undefined : { contentType }, origin: `file ${path}` };
}

/** Each file as one message, read only when its turn comes, so memory holds one file at a time. */
export async function* fileSource(paths: readonly string[], signal: AbortSignal): MessageSource {
  for (const path of paths) {
    if (signal.aborted) return;
    yield [await readFileMessage(path)];
  }
}

/** One message per delimited part of `input`, streamed; `maxBytes` bounds a part held in memory. */
export async function* lineSource(input: NodeJS.ReadableStream, splitter: LineSplitter, maxBytes: number, signal: AbortSignal): MessageSource {
  for await (const chunk of input) {
    const messages = splitter.push(chunk as Buffer);
    if (messages.length > 0) yield messages.map((body) => ({ body }));
    if (splitter.bufferedBytes > maxBytes) throw tooLarge(splitter.bufferedBytes, maxBytes, 'a line of stdin');
    if (signal.aborted) return;
  }
  const last = splitter.end();
  if (last.length > 0) yield last.map((body) => ({ body }));
}

/** All of `input` as one message, bytes exactly as read. */
export async function* wholeSource(input: NodeJS.ReadableStream, repeat: number, maxBytes: number, signal: AbortSignal): MessageSource {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(size, maxBytes, 'stdin');
    if (signal.aborted) return;
  }
  yield* fixedSource([{ body: Buffer.concat(chunks) }], repeat, signal);
}

/** NDJSON envelopes, as `listen --json` prints them; a bad line stops the stream with its number. */
export async function* envelopeSource(input: NodeJS.ReadableStream, maxBytes: number, signal: AbortSignal): MessageSource {
  const splitter = new LineSplitter({ keepEmpty: true });
  let line = 0;
  // Lines before a bad one are still sent; then the bad one stops the stream.
  const decode = (parts: Buffer[]): { messages: OutgoingMessage[]; error?: unknown } => {
    const messages: OutgoingMessage[] = [];
    try {
      for (const part of parts) {
        line++;
        const text = part.toString('utf8');
        if (text.trim() !== '') messages.push({ ...fromEnvelopeLine(text, line), origin: `line ${line} of stdin`, verbatim: true });
      }
      return { messages };
    } catch (error) {
      return { messages, error };
    }
  };
  for await (const chunk of input) {
    const { messages, error } = decode(splitter.push(chunk as Buffer));
    if (messages.length > 0) yield messages;
    if (error !== undefined) throw error;
    // base64 grows a body by a third; anything beyond that cannot fit the broker's limit.
    if (splitter.bufferedBytes > maxBytes * 1.4 + 65_536) throw tooLarge(splitter.bufferedBytes, maxBytes, `line ${line + 1} of stdin`);
    if (signal.aborted) return;
  }
  const { messages, error } = decode(splitter.end());
  if (messages.length > 0) yield messages;
  if (error !== undefined) throw error;
}

/** The error for a message over the broker's size limit. */
export function tooLarge(size: number, maxBytes: number, what: string): UsageError {
  let [sizeText, limitText] = [formatBytes(size), formatBytes(maxBytes)];
  // "128 MiB, over the limit of 128 MiB" says nothing: then give the exact figures.
  if (sizeText === limitText) [sizeText, limitText] = [exactBytes(size), exactBytes(maxBytes)];
  return new UsageError(`${what} is ${sizeText}, over the broker's limit of ${limitText} per message`, {
    hint: "RabbitMQ's max_message_size sets the limit; split the data, or send a reference to it instead",
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}

function exactBytes(bytes: number): string {
  return `${formatCount(bytes)} bytes`;
}
