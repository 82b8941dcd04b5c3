import { showControls } from '../escape.js';
import type { ExecOutput } from './plan.js';

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/** Writes whole lines somewhere; false when that stream wants the writer to wait for 'drain'. */
export type LineSink = (lines: Buffer) => boolean;

/**
 * Passes on one stream of one command's output in whole lines, so lines from commands running
 * side by side never mix within a line. A last line without a newline gets one.
 */
export class LineBuffer {
  private rest: Buffer = EMPTY;

  /** `drained` resolves once the stream behind `sink` can take more (or is gone). */
  constructor(
    private readonly sink: LineSink,
    readonly drained: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Passes on every whole line in `chunk`; keeps the rest for the next chunk. */
  push(chunk: Buffer): boolean {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.rest = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
      return true;
    }
    const lines = this.rest.length === 0 ? chunk.subarray(0, last + 1) : Buffer.concat([this.rest, chunk.subarray(0, last + 1)]);
    this.rest = chunk.subarray(last + 1);
    return this.sink(lines);
  }

  /** The command is done: what is left is its last line. */
  end(): void {
    if (this.rest.length === 0) return;
    const line = Buffer.concat([this.rest, Buffer.from('\n')]);
    this.rest = EMPTY;
    this.sink(line);
  }
}

/** Which message a line came from: its message id when it has one, and its delivery tag. */
export interface LineOrigin {
  messageId: string | undefined;
  deliveryTag: number;
}

/**
 * A sink onto one of mqcli's streams: the lines as they are, or (`--exec-output json`) each as
 * a JSON object naming the message it came from and the stream it was printed on.
 */
export function lineSink(stream: NodeJS.WritableStream, output: ExecOutput, origin: LineOrigin, name: 'stdout' | 'stderr'): LineSink {
  // What a command prints comes from a message: on a terminal its control characters are shown
  // escaped (line breaks and tabs kept), never sent as sequences. A pipe or file gets the bytes.
  if (output === 'lines' && (stream as { isTTY?: boolean }).isTTY === true) return (lines) => stream.write(showControls(lines.toString('utf8')));
  if (output === 'lines') return (lines) => stream.write(lines);
  return (lines) => {
    const wrapped: string[] = [];
    let start = 0;
    for (let end = lines.indexOf(NEWLINE); end !== -1; start = end + 1, end = lines.indexOf(NEWLINE, start)) {
      wrapped.push(
        `${JSON.stringify({ messageId: origin.messageId ?? null, deliveryTag: origin.deliveryTag, stream: name, line: lines.toString('utf8', start, end) })}\n`,
      );
    }
    return stream.write(wrapped.join(''));
  };
}

/**
 * For a stream that said "wait" (write returned false): resolves on its next 'drain', or when it
 * is closed or failed, whose writes go nowhere then. One promise per stream, however many wait.
 */
export function drainWaiter(stream: NodeJS.WritableStream): () => Promise<void> {
  let waiting: Promise<void> | undefined;
  return () => {
    waiting ??= new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        waiting = undefined;
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
    return waiting;
  };
}
