/**
 * Splits a byte stream into messages at a delimiter, keeping every other byte as it was.
 * With the default newline, a `\r` before it is dropped too (`\r\n` files). A last part without
 * a delimiter counts; empty parts are dropped unless `keepEmpty`.
 */
export class LineSplitter {
  private readonly delimiter: Buffer;
  private readonly stripCarriageReturn: boolean;
  private readonly keepEmpty: boolean;
  /** Pieces of a message that began in an earlier chunk. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(options: { delimiter?: Buffer | undefined; keepEmpty?: boolean | undefined } = {}) {
    this.delimiter = options.delimiter ?? Buffer.from('\n');
    this.stripCarriageReturn = options.delimiter === undefined;
    this.keepEmpty = options.keepEmpty ?? false;
  }

  /** Bytes held for a message that has not ended yet. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** The messages completed by `chunk`, in order. */
  push(chunk: Buffer): Buffer[] {
    const messages: Buffer[] = [];
    const width = this.delimiter.length;
    let start = 0;
    if (this.pendingBytes > 0 && width > 1) {
      // A delimiter may straddle the held bytes and this chunk; only where they meet needs a look,
      // so a long message is never copied again chunk after chunk.
      const tail = this.heldTail(width - 1);
      const at = Buffer.concat([tail, chunk.subarray(0, width - 1)]).indexOf(this.delimiter);
      if (at >= 0 && at < tail.length) {
        const held = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.emit(messages, held.subarray(0, held.length - (tail.length - at)));
        start = at + width - tail.length;
      }
    }
    const single = width === 1 ? (this.delimiter[0] as number) : -1;
    for (;;) {
      const at = single >= 0 ? chunk.indexOf(single, start) : chunk.indexOf(this.delimiter, start);
      if (at < 0) break;
      this.emit(messages, chunk.subarray(start, at));
      start = at + width;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
    }
    return messages;
  }

  /** The last message, when the input did not end with a delimiter. */
  end(): Buffer[] {
    const messages: Buffer[] = [];
    if (this.pendingBytes > 0) this.emit(messages, Buffer.alloc(0));
    return messages;
  }

  /** The last `count` bytes held (fewer if fewer are held). */
  private heldTail(count: number): Buffer {
    const parts: Buffer[] = [];
    let needed = count;
    for (let i = this.pending.length - 1; i >= 0 && needed > 0; i--) {
      const part = this.pending[i] as Buffer;
      parts.unshift(part.length > needed ? part.subarray(part.length - needed) : part);
      needed -= part.length;
    }
    return Buffer.concat(parts);
  }

  private emit(messages: Buffer[], tail: Buffer): void {
    let message = tail;
    if (this.pendingBytes > 0) {
      message = Buffer.concat([...this.pending, tail]);
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (this.stripCarriageReturn && message.length > 0 && message[message.length - 1] === 13) message = message.subarray(0, -1);
    if (message.length > 0 || this.keepEmpty) messages.push(message);
  }
}
