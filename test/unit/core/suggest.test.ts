import { describe, expect, it } from 'vitest';
import { closest } from '../../../src/core/suggest.js';

const KEYS = ['host', 'port', 'vhost', 'user', 'password', 'heartbeat', 'passwordCommand'];

describe('closest', () => {
  it.each([
    ['hots', 'host'],
    ['HOST', 'host'],
    ['prot', 'port'],
    ['vhots', 'vhost'],
    ['pasword', 'password'],
    ['hearbeat', 'heartbeat'],
    ['passwordComand', 'passwordCommand'],
  ])('%s → %s', (typo, meant) => expect(closest(typo, KEYS)).toBe(meant));

  it.each(['tls', 'xyzzy', 'certificate', ''])('suggests nothing for %j, too far from every key', (word) => {
    expect(closest(word, KEYS)).toBeUndefined();
  });

  it('takes the first of equally close candidates', () => expect(closest('ab', ['ax', 'ay'])).toBe('ax'));
});
