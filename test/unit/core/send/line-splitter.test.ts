import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelimiter } from '../../../../src/core/delimiter.js';
import { LineSplitter } from '../../../../src/core/send/line-splitter.js';

const split = (chunks: string[], options?: ConstructorParameters<typeof LineSplitter>[0]) => {
  const splitter = new LineSplitter(options);
  const out = chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk)));
  return [...out, ...splitter.end()].map((buffer) => buffer.toString());
};

describe('LineSplitter', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\r\nb\r\n'], ['a', 'b']],
    [['a\nb'], ['a', 'b']],
    [['a\n\n\nb\n'], ['a', 'b']],
    [
      ['ab', 'c\nd', 'e\n'],
      ['abc', 'de'],
    ],
    [
      ['a\r', '\nb'],
      ['a', 'b'],
    ],
    [['', 'x', '', '\n'], ['x']],
    [['a\rb\n'], ['a\rb']],
  ])('%j → %j', (chunks, lines) => expect(split(chunks)).toEqual(lines));

  it('keeps empty lines with keepEmpty, but no phantom line after a final newline', () => {
    expect(split(['a\n\nb\n'], { keepEmpty: true })).toEqual(['a', '', 'b']);
  });

  it('splits at a multi-byte delimiter across chunks, keeping \\r', () => {
    expect(split(['a\r\n--', '-b--', '-c'], { delimiter: Buffer.from('---') })).toEqual(['a\r\n', 'b', 'c']);
    expect(split(['ab-', '-', '-cd', '--', '-'], { delimiter: Buffer.from('---') })).toEqual(['ab', 'cd']);
    expect(split(['x', 'y', '-', 'z', '---', 'w'], { delimiter: Buffer.from('---') })).toEqual(['xy-z', 'w']);
    expect(split(['a--', '--b'], { delimiter: Buffer.from('---') })).toEqual(['a', '-b']);
  });

  it('splits every way a multi-byte delimiter can fall across chunk boundaries', () => {
    const text = 'alpha<|>beta<|><|>gamma<|>';
    for (let first = 0; first <= text.length; first++) {
      for (let second = first; second <= text.length; second++) {
        const chunks = [text.slice(0, first), text.slice(first, second), text.slice(second)];
        expect(split(chunks, { delimiter: Buffer.from('<|>') })).toEqual(['alpha', 'beta', 'gamma']);
      }
    }
  });

  it('counts bytes held for an unfinished line', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('abc'));
    splitter.push(Buffer.from('def'));
    expect(splitter.bufferedBytes).toBe(6);
  });

  it.each([
    ['\\n', [10]],
    ['\\0', [0]],
    ['\\t|', [9, 124]],
    ['\\x1e', [0x1e]],
    ['\\\\', [92]],
    ['ab', [97, 98]],
    ['\\q', [92, 113]],
  ])('reads delimiter %s', (text, bytes) => expect([...parseDelimiter(text)]).toEqual(bytes));
});

describe('LineSplitter, however the input is cut', () => {
  /** What splitting the whole input at once gives, by String.split. */
  function reference(text: string, delimiter: string | undefined, keepEmpty: boolean): string[] {
    const parts = text.split(delimiter ?? '\n');
    const last = parts.pop() as string;
    if (last !== '') parts.push(last);
    return parts.map((part) => (delimiter === undefined ? part.replace(/\r$/, '') : part)).filter((part) => keepEmpty || part !== '');
  }

  it('gives the messages that splitting the whole input gives', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', '\n', '\r'), maxLength: 40 });
    const delimiter = fc.constantFrom(undefined, '-', '--', '-a-', '\n\n');
    const cuts = fc.array(fc.nat({ max: 40 }), { maxLength: 6 });
    fc.assert(
      fc.property(text, delimiter, fc.boolean(), cuts, (input, delim, keepEmpty, at) => {
        const points = [...new Set(at.filter((n) => n <= input.length))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => input.slice(from, [...points, input.length][i]));
        const options = { delimiter: delim === undefined ? undefined : Buffer.from(delim), keepEmpty };
        expect(split(chunks, options)).toEqual(reference(input, delim, keepEmpty));
      }),
      { numRuns: 3000 },
    );
  });
});
