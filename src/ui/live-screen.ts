/** What a key pressed on the live screen asks for. */
export type LiveKey = 'quit' | 'interrupt';

// The alternate screen (what `top` and `less` draw on, so the shell's text comes back after), and the cursor.
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/**
 * A full-screen view redrawn in place, like `top`: `q` quits; Ctrl-C, which raw mode turns into a
 * key, interrupts. `leave` restores the terminal (raw mode off, cursor shown, screen left) and
 * may be called any number of times.
 */
export class LiveScreen {
  private entered = false;
  private raw = false;

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stdin: NodeJS.ReadStream,
    private readonly onKey: (key: LiveKey) => void,
  ) {}

  /** Columns and rows to draw in. */
  get size(): { columns: number; rows: number } {
    return { columns: this.stdout.columns ?? 80, rows: this.stdout.rows ?? 24 };
  }

  /** Draws `lines` (each already fitted to the width) from the top-left, clearing what was there. */
  draw(lines: readonly string[]): void {
    if (!this.entered) this.enter();
    this.stdout.write(`${HOME}${lines.slice(0, this.size.rows).join(`${CLEAR_LINE_END}\r\n`)}${CLEAR_LINE_END}${CLEAR_BELOW}`);
  }

  leave(): void {
    if (this.raw) {
      this.stdin.off('data', this.keys);
      this.stdin.setRawMode(false);
      this.stdin.pause();
      this.raw = false;
    }
    if (this.entered) {
      this.stdout.write(LEAVE);
      this.entered = false;
    }
  }

  private enter(): void {
    this.entered = true;
    this.stdout.write(ENTER);
    if (this.stdin.isTTY) {
      this.stdin.setRawMode(true);
      this.raw = true;
      this.stdin.on('data', this.keys);
      this.stdin.resume();
    }
  }

  private readonly keys = (chunk: Buffer): void => {
    // q or Q quits; Ctrl-C (0x03 in raw mode) interrupts; the first of them counts.
    const key = chunk.find((byte) => byte === 0x71 || byte === 0x51 || byte === 0x03);
    if (key !== undefined) this.onKey(key === 0x03 ? 'interrupt' : 'quit');
  };
}
