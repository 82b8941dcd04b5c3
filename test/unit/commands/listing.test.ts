import { describe, expect, it } from 'vitest';
import { cell, renderRows, uptime } from '../../../src/commands/listing.js';
import { filtered } from '../../../src/core/ops/api.js';

describe('listing cells', () => {
  it.each([
    [null, '-'],
    [true, 'yes'],
    [false, 'no'],
    [[], '-'],
    [['a', 'b'], 'a,b'],
    [3, '3'],
    [2.345, '2.3'],
    [{}, '-'],
    [{ 'x-match': 'any', n: 1 }, 'x-match=any, n=1'],
    ['text', 'text'],
  ])('%j shows as %j', (value, shown) => {
    expect(cell(value)).toBe(shown);
  });

  it.each([
    [null, '-'],
    [999, '0s'],
    [59_000, '59s'],
    [61_000, '1m 1s'],
    [3_720_000, '1h 2m'],
    [90_000_000, '1d 1h'],
  ])('uptime %j is %j', (ms, shown) => {
    expect(uptime(ms)).toBe(shown);
  });
});

describe('renderRows', () => {
  const columns = [['name', (row: { name: string }) => row.name]] as const;
  it('is tab-separated with a header in a pipe, names escaped, and the rows as they are in JSON', () => {
    expect(renderRows([{ name: 'a\tb' }], columns, { json: false, tty: false })).toBe('name\na\\x09b\n');
    expect(renderRows([{ name: 'a\tb' }], columns, { json: true, tty: false })).toBe('[\n  {\n    "name": "a\\tb"\n  }\n]\n');
  });
});

describe('filtered', () => {
  it('keeps the names matching the glob, in code-unit order', () => {
    const rows = ['b-2', 'a-1', 'B-3', 'c'].map((name) => ({ name }));
    expect(filtered(rows, (row) => row.name, '?-*').map((row) => row.name)).toEqual(['B-3', 'a-1', 'b-2']);
    expect(filtered(rows, (row) => row.name, undefined)).toHaveLength(4);
  });
});
