import { closeSync, constants as fs, fstatSync, openSync } from 'node:fs';

interface WatchHandle {
  open(fd: number): number;
  readStart(): number;
  close(): void;
  unref(): void;
  onread: (() => void) | undefined;
}

/**
 * Calls `onGone` as soon as the reader of `output` goes away, when `output` is a pipe, even if
 * nothing more is written to it (GNU `tail -f` does the same with poll(2) since coreutils 8.28).
 * Without this, `mqcli listen q | head -3` on a quiet queue would wait for the next message to
 * find out. Returns a function that stops watching.
 *
 * Node has no poll(2). The kernel marks the write end of a pipe with EPOLLERR once it has no
 * reader left, and epoll reports that for any descriptor it watches. So a second write end of
 * the same pipe (opened through /proc, which adds a writer, never a reader) is watched by libuv
 * as if to read from it: nothing can ever be read from a write end, so the first event is the
 * reader's end. libuv refuses to read from a handle it opened as a write-only pipe, so the
 * descriptor goes into a TCP handle, which libuv reads with read(2) whatever the descriptor is.
 */
export function watchReader(output: object, onGone: () => void): () => void {
  const { fd } = output as { fd?: unknown };
  if (typeof fd !== 'number') return () => {};
  let watched: number | undefined;
  let handle: WatchHandle | undefined;
  try {
    if (!fstatSync(fd).isFIFO()) return () => {};
    // Non-blocking: a named FIFO whose reader is gone would otherwise wait for a new one.
    watched = openSync(`/proc/self/fd/${fd}`, fs.O_WRONLY | fs.O_NONBLOCK);
    const { TCP, constants } = (
      process as unknown as { binding(name: string): { TCP: new (type: number) => WatchHandle; constants: { SOCKET: number } } }
    ).binding('tcp_wrap');
    const made = new TCP(constants.SOCKET);
    if (made.open(watched) !== 0) throw new Error('cannot watch the pipe');
    watched = undefined; // the handle owns it now
    handle = made;
    let fired = false;
    made.onread = () => {
      if (fired) return;
      fired = true;
      onGone();
    };
    if (made.readStart() !== 0) throw new Error('cannot watch the pipe');
    made.unref();
  } catch {
    // No /proc, or a Node without these internals: the reader's end is then found at the next write.
    handle?.close();
    if (watched !== undefined) closeSync(watched);
    return () => {};
  }
  const stop = handle;
  return () => stop.close();
}
