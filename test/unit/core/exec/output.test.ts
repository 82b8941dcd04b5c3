import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBuffer, lineSink } from '../../../../src/core/exec/output.js';

describe('LineBuffer', () => {
  const run = (chunks: string[]) => {
    const writes: string[] = [];
    const buffer = new LineBuffer((lines) => writes.push(lines.toString()) > 0);
    for (const chunk of chunks) buffer.push(Buffer.from(chunk));
    buffer.end();
    return writes;
  };

  it.each([
    [['a\nb\n'], ['a\nb\n']],
    [
      ['a', 'b\nc'],
      ['ab\n', 'c\n'],
    ],
    [['no newline'], ['no newline\n']],
    [['', '\n'], ['\n']],
    [[], []],
  ])('%j is written as %j', (chunks, writes) => {
    expect(run(chunks)).toEqual(writes);
  });

  it('writes only whole lines, and every byte once, however the output is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab\n]{0,8}$/)), (chunks) => {
        const writes = run(chunks);
        expect(writes.every((write) => write.endsWith('\n'))).toBe(true);
        const all = chunks.join('');
        expect(writes.join('')).toBe(all === '' || all.endsWith('\n') ? all : `${all}\n`);
      }),
    );
  });
});

describe('lineSink json', () => {
  it('wraps each line with its message', () => {
    let written = '';
    const write = (text: string) => {
      written += text;
      return true;
    };
    const stream = { write } as unknown as NodeJS.WritableStream;
    lineSink(stream, 'json', { messageId: 'm1', deliveryTag: 3 }, 'stderr')(Buffer.from('one\ntwo "q"\n'));
    expect(
      written
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { messageId: 'm1', deliveryTag: 3, stream: 'stderr', line: 'one' },
      { messageId: 'm1', deliveryTag: 3, stream: 'stderr', line: 'two "q"' },
    ]);
  });
});

describe('lineSink lines', () => {
  const record = (isTTY: boolean) => {
    const written: (string | Buffer)[] = [];
    const stream = { isTTY, write: (chunk: string | Buffer) => written.push(chunk) } as unknown as NodeJS.WritableStream;
    return { stream, written };
  };
  const title = Buffer.from('\x1b]0;PWNED\x07a\tb\n');

  it('on a terminal, shows what a command printed with its control characters escaped, keeping tabs and line breaks', () => {
    const { stream, written } = record(true);
    lineSink(stream, 'lines', { messageId: undefined, deliveryTag: 1 }, 'stdout')(title);
    expect(written.join('')).toBe('\\x1b]0;PWNED\\x07a\tb\n');
  });

  it('in a pipe or a file, passes the bytes as they are', () => {
    const { stream, written } = record(false);
    lineSink(stream, 'lines', { messageId: undefined, deliveryTag: 1 }, 'stdout')(title);
    expect(written).toEqual([title]);
  });
});
