import { describe, expect, it } from 'vitest';
import { formatLine, formatTable } from '../../../src/ui/table.js';

describe('formatTable', () => {
  const rows = [
    ['queue', 'jobs'],
    ['messages', '12'],
  ];
  it('aligns on a terminal', () => expect(formatTable(rows, { tty: true })).toBe('queue     jobs\nmessages  12\n'));
  it('is tab-separated in a pipe', () => expect(formatTable(rows, { tty: false })).toBe('queue\tjobs\nmessages\t12\n'));
});

describe('formatTable shows control characters in cells escaped, so names cannot reach a terminal raw', () => {
  const rows = [
    ['q\x1b]0;PWNED\x07', 'classic'],
    ['tab\there', 'quorum'],
  ];

  it('on a terminal, aligned by what is shown', () => {
    const shown = 'q\\x1b]0;PWNED\\x07';
    expect(formatTable(rows, { tty: true, header: ['name', 'type'] })).toBe(
      `${'name'.padEnd(shown.length)}  type\n${shown}  classic\n${'tab\\x09here'.padEnd(shown.length)}  quorum\n`,
    );
  });

  it('in a pipe, each row stays one TSV row of as many cells', () => {
    const tsv = formatTable([['a\tb\nc', 'x']], { tty: false });
    expect(tsv).toBe('a\\x09b\\x0ac\tx\n');
    expect(
      tsv
        .trimEnd()
        .split('\n')
        .map((line) => line.split('\t').length),
    ).toEqual([2]);
  });
});

describe('formatLine', () => {
  it('is one line, its control characters escaped', () => {
    expect(formatLine("deleted queue 'a\x1b[2J\nb'")).toBe("deleted queue 'a\\x1b[2J\\x0ab'\n");
  });
});
