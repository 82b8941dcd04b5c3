// Input files for send, and checks of what listen wrote.
import { closeSync, createReadStream, openSync, statSync, writeSync } from 'node:fs';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A message body of exactly `size` printable ASCII bytes: a sequence number, then filler. */
export function body(size, seq = 0) {
  const head = `msg-${String(seq).padStart(10, '0')}-`;
  let text = head;
  while (text.length < size) text += ALPHABET;
  return Buffer.from(text.slice(0, size), 'latin1');
}

/** Writes n lines, each `size` bytes of printable ASCII and a '\n' (n × (size + 1) bytes). */
export function writeLines(path, n, size) {
  const fd = openSync(path, 'w');
  try {
    const linesPerChunk = Math.max(1, Math.floor((1 << 20) / (size + 1)));
    for (let first = 0; first < n; first += linesPerChunk) {
      const count = Math.min(linesPerChunk, n - first);
      const chunk = Buffer.allocUnsafe(count * (size + 1));
      for (let i = 0; i < count; i++) {
        body(size, first + i).copy(chunk, i * (size + 1));
        chunk[i * (size + 1) + size] = 0x0a;
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  const expected = n * (size + 1);
  if (statSync(path).size !== expected) throw new Error(`${path}: wrote ${statSync(path).size} bytes, expected ${expected}`);
}

/** Counts '\n' bytes in a file. */
export async function countLines(path) {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
  }
  return lines;
}

/** Fails loudly unless the file holds exactly n lines of size bytes each. */
export async function expectLines(path, n, size, what) {
  const lines = await countLines(path);
  const bytes = statSync(path).size;
  if (lines !== n || bytes !== n * (size + 1)) {
    throw new Error(`${what}: output has ${lines} lines and ${bytes} bytes, expected ${n} lines and ${n * (size + 1)} bytes`);
  }
}
