import { describe, expect, it } from 'vitest';
import { parseOffset } from '../../../../src/core/consumer/stream-offset.js';

describe('parseOffset', () => {
  it.each([
    ['first', 'first'],
    ['next', 'next'],
    ['42', 42],
    ['30m', '30m'],
    ['7D', '7D'],
    ['2026-01-01T00:00:00Z', { '!': 'timestamp', value: 1767225600 }],
  ])('%s', (text, value) => expect(parseOffset(text)).toEqual(value));
  it('refuses nonsense', () => expect(() => parseOffset('soon')).toThrow(/--offset must be/));
});
