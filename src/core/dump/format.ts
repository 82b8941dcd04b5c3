import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { RuntimeError } from '../errors.js';

/** What a dump says of its queue, to declare it again where it is missing. */
export interface Declaration {
  /** classic, quorum…; undefined when the management API did not answer. */
  type: string | undefined;
  durable: boolean;
  autoDelete: boolean;
  arguments: Record<string, unknown>;
  bindings: { exchange: string; routingKey: string; arguments: Record<string, unknown> }[];
}

/** The first line of a dump. */
export interface DumpHeader {
  mqcliDump: 1;
  queue: string;
  vhost: string;
  /** Messages in the queue when the dump started. */
  count: number;
  createdAt: string;
  declaration: Declaration;
}

/** The last line: how many message lines came before, and the SHA-256 of every byte before it. */
export interface DumpEnd {
  mqcliDumpEnd: 1;
  count: number;
  sha256: string;
}

export const isGzipName = (file: string): boolean => file.endsWith('.gz');

/** A dump read back and checked: its header and its message lines (listen --json envelopes). */
export interface DumpContents {
  header: DumpHeader;
  lines: string[];
  sha256: string;
}

/**
 * Reads a dump (gzip by its magic bytes, whatever its name) and refuses it unless its last line
 * is the end line and the checksum and count there hold: a dump cut short has no end line, or
 * one whose checksum fails.
 */
export function readDump(bytes: Buffer, file: string): DumpContents {
  const bad = (why: string) =>
    new RuntimeError(`${file} is not a complete mqcli dump: ${why}`, {
      hint: 'A dump cut short (a full disk, a killed dump) has no valid last line; restore refuses it rather than publish part of it',
    });
  let text: Buffer = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes);
    } catch (error) {
      throw bad(`gzip: ${(error as Error).message}`);
    }
  }
  const lastNewline = text.lastIndexOf(0x0a, text.length - 2);
  const body = text.subarray(0, lastNewline + 1);
  let end: DumpEnd | undefined;
  try {
    end = JSON.parse(text.subarray(lastNewline + 1).toString('utf8')) as DumpEnd;
  } catch {
    // No end line.
  }
  if (end?.mqcliDumpEnd !== 1) throw bad('its last line is not the end line');
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (sha256 !== end.sha256) throw bad('its checksum does not match');
  const all = body.toString('utf8').split('\n');
  all.pop();
  const header = JSON.parse(all.shift() ?? '{}') as DumpHeader;
  if (header.mqcliDump !== 1) throw bad('its first line is not a dump header');
  if (all.length !== end.count) throw bad(`it holds ${all.length} messages, its end line says ${end.count}`);
  return { header, lines: all, sha256 };
}
