import { fstatSync, readFileSync } from 'node:fs';

/** Linux's default pipe capacity (16 pages); macOS pipes hold at most as much. */
const PIPE_CAPACITY = 65_536;

/**
 * How many bytes the kernel may hold for a reader after taking them from us: a pipe's or a
 * socket's buffer. A write callback only says the kernel took the bytes; a message counts as read
 * once this many bytes more have been taken after it. Files and terminals hold nothing back.
 */
export function unreadCapacity(output: object): number {
  const { fd } = output as { fd?: unknown };
  if (typeof fd !== 'number') return 0;
  let kind: 'fifo' | 'socket' | 'other';
  try {
    const info = fstatSync(fd);
    kind = info.isFIFO() ? 'fifo' : info.isSocket() ? 'socket' : 'other';
  } catch {
    return 0;
  }
  if (kind === 'fifo') return PIPE_CAPACITY;
  // A local socket's data waits in the peer's receive queue, charged to our send buffer; a reader
  // may have raised its buffer up to twice wmem_max.
  if (kind === 'socket') return 2 * (readNumber('/proc/sys/net/core/wmem_max') ?? 2_097_152);
  return 0;
}

function readNumber(path: string): number | undefined {
  try {
    const value = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
