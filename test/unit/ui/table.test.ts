import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/ui/table.js';

describe('formatTable', () => {
  const rows = [
    ['queue', 'jobs'],
    ['messages', '12'],
  ];
  it('aligns on a terminal', () => expect(formatTable(rows, { tty: true })).toBe('queue     jobs\nmessages  12\n'));
  it('is tab-separated in a pipe', () => expect(formatTable(rows, { tty: false })).toBe('queue\tjobs\nmessages\t12\n'));
});
