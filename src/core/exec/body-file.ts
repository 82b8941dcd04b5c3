import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Each body in a file of its own, made new for it: a process a command left behind still reads
 * its own body, never a later one's. (Creating a file costs less than truncating one.)
 */
export function writeBody(path: string, input: Buffer): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (let at = 0; at < input.length; ) at += writeSync(fd, input, at, input.length - at);
  } finally {
    closeSync(fd);
  }
}

/** unlink alone: rmSync looks at the file first, a system call more per message. */
export function removeBody(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never made (the write failed), or its directory is gone with mqcli's exit; anything
    // else, the directory goes when the runner closes.
  }
}
