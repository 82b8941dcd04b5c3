import { existsSync, readFileSync } from 'node:fs';
import { queueName } from '../amqp/names.js';
import { UsageError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import { parseWhere } from '../where.js';
import type { DumpPlan } from './dump.js';
import { isGzipName, readDump } from './format.js';
import type { RestorePlan } from './restore.js';
import { readResume } from './resume-state.js';

export interface DumpFlags {
  take?: boolean | undefined;
  where?: string | undefined;
}

export interface RestoreFlags {
  resume?: boolean | undefined;
  rate?: number | undefined;
}

/** `queue dump <queue> [file]`: the file defaults to <queue>.jsonl and is never overwritten. */
export function planDump(queue: string | undefined, file: string | undefined, flags: DumpFlags, env: Record<string, string | undefined>): DumpPlan {
  const name = queueName(queue, env);
  const path = file ?? `${name}.jsonl`;
  if (existsSync(path)) throw new UsageError(`${path} exists: queue dump writes a new file`, { hint: 'Remove it, or give another file name' });
  return { queue: name, file: path, gzip: isGzipName(path), take: flags.take === true, where: flags.where === undefined ? undefined : parseWhere(flags.where) };
}

/** `queue restore <file> [queue]`: the whole file is read and checked here, before anything connects. */
export function planRestore(file: string, queue: string | undefined, flags: RestoreFlags): RestorePlan {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${whyUnreadable(error)}`);
  }
  const dump = readDump(bytes, file);
  return {
    file,
    dump,
    queue: queue ?? dump.header.queue,
    from: flags.resume === true ? readResume(file, dump.sha256) : 0,
    rate: flags.rate,
  };
}
