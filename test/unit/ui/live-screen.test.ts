import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type LiveKey, LiveScreen } from '../../../src/ui/live-screen.js';

/** A terminal: stdout records what is drawn, stdin records raw mode and takes key presses. */
function terminal(size = { columns: 40, rows: 3 }) {
  const written: string[] = [];
  const stdout = Object.assign(new PassThrough(), size);
  stdout.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (on: boolean) => modes.push(on) });
  const keys: LiveKey[] = [];
  const screen = new LiveScreen(stdout as unknown as NodeJS.WriteStream, stdin as unknown as NodeJS.ReadStream, (key) => keys.push(key));
  return { screen, written, modes, stdin, keys };
}

describe('LiveScreen', () => {
  it('enters the alternate screen in raw mode at the first draw, and draws only the rows there are', () => {
    const { screen, written, modes } = terminal();
    screen.draw(['one', 'two', 'three', 'four']);
    expect(modes).toEqual([true]);
    expect(written.join('')).toBe('\x1b[?1049h\x1b[?25l\x1b[Hone\x1b[K\r\ntwo\x1b[K\r\nthree\x1b[K\x1b[J');
  });

  it('q quits and Ctrl-C interrupts, the first of them in a chunk counting', () => {
    const { screen, stdin, keys } = terminal();
    screen.draw(['x']);
    stdin.emit('data', Buffer.from('aQ'));
    stdin.emit('data', Buffer.from('\x03q'));
    stdin.emit('data', Buffer.from('zz'));
    expect(keys).toEqual(['quit', 'interrupt']);
  });

  it('leaves the terminal as it found it, once, however often it is asked', () => {
    const { screen, written, modes, stdin, keys } = terminal();
    screen.draw(['x']);
    screen.leave();
    screen.leave();
    expect(modes).toEqual([true, false]);
    expect(written.at(-1)).toBe('\x1b[?25h\x1b[?1049l');
    expect(written.filter((text) => text.includes('\x1b[?1049l'))).toHaveLength(1);
    stdin.emit('data', Buffer.from('q'));
    expect(keys).toEqual([]);
  });

  it('takes 80 by 24 when the terminal says no size', () => {
    expect(terminal({} as { columns: number; rows: number }).screen.size).toEqual({ columns: 80, rows: 24 });
  });
});
