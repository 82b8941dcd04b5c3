/**
 * Finds where one command's output ends in a stream that carries many: the slot's shell writes a
 * trailer (a random marker, then `extra` bytes, such as the exit status) once the command is gone.
 * The marker is drawn afresh for each shell and never shown to the commands, so output cannot
 * forge it by chance.
 */
export class TrailerSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly marker: Buffer,
    private readonly extra: number,
  ) {}

  /**
   * Takes a chunk. Returns the output it can pass on now and, once the trailer is whole, the
   * trailer's extra bytes. Bytes after a trailer belong to whatever comes next; they wait here.
   */
  push(chunk: Buffer): { output: Buffer; trailer: Buffer | undefined } {
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const at = buffer.indexOf(this.marker);
    if (at >= 0) {
      const end = at + this.marker.length + this.extra;
      if (buffer.length < end) {
        this.pending = buffer.subarray(at);
        return { output: buffer.subarray(0, at), trailer: undefined };
      }
      this.pending = buffer.subarray(end);
      return { output: buffer.subarray(0, at), trailer: buffer.subarray(at + this.marker.length, end) };
    }
    // Only bytes that may be the start of a marker wait for the next chunk: a long-running
    // command's output must not.
    const keep = this.markerStartAtEnd(buffer);
    this.pending = buffer.subarray(buffer.length - keep);
    return { output: buffer.subarray(0, buffer.length - keep), trailer: undefined };
  }

  /** How many of the last bytes of `buffer` are the first bytes of the marker. */
  private markerStartAtEnd(buffer: Buffer): number {
    const first = this.marker[0] as number;
    const from = Math.max(0, buffer.length - this.marker.length + 1);
    for (let at = buffer.indexOf(first, from); at !== -1; at = buffer.indexOf(first, at + 1)) {
      const tail = buffer.subarray(at);
      if (tail.equals(this.marker.subarray(0, tail.length))) return tail.length;
    }
    return 0;
  }

  /** Whatever waits (the shell is gone: no trailer will come). */
  rest(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
