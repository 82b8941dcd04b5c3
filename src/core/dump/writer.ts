import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Writes a dump in batches, hashing what it writes. With gzip each batch is a gzip member of its
 * own (gunzip reads members one after another), so what was synced is readable after a crash.
 * Writes are synchronous: a batch is on disk (fsync) before the messages in it are acked.
 */
export class DumpWriter {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];

  constructor(
    file: string,
    private readonly gzip: boolean,
  ) {
    this.fd = openSync(file, 'w', 0o600);
  }

  /** One line (its newline added), written at the next flush. */
  line(text: string): void {
    const bytes = Buffer.from(`${text}\n`);
    this.hash.update(bytes);
    this.pending.push(bytes);
  }

  /** Writes what is pending; with `sync`, to disk (fsync) before it returns. */
  flush(sync: boolean): void {
    if (this.pending.length > 0) {
      const data = Buffer.concat(this.pending);
      this.pending = [];
      const out = this.gzip ? gzipSync(data) : data;
      for (let at = 0; at < out.length; ) at += writeSync(this.fd, out, at);
    }
    if (sync) fsyncSync(this.fd);
  }

  /** The checksum of every line so far, for the end line. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  close(): void {
    closeSync(this.fd);
  }
}
