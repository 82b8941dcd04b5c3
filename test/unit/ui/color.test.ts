import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../../src/ui/color.js';

describe('colorLevel', () => {
  const base = { flag: true, env: {}, isTTY: true, supported: 2 as const };
  it.each([
    ['a terminal', {}, 2],
    ['--no-color', { flag: false }, 0],
    ['NO_COLOR', { env: { NO_COLOR: '1' } }, 0],
    ['an empty NO_COLOR', { env: { NO_COLOR: '' } }, 2],
    ['a pipe', { isTTY: false }, 0],
    ['FORCE_COLOR on a pipe', { isTTY: false, env: { FORCE_COLOR: '1' } }, 2],
    ['FORCE_COLOR=0', { env: { FORCE_COLOR: '0' } }, 0],
    ['NO_COLOR over FORCE_COLOR', { env: { NO_COLOR: '1', FORCE_COLOR: '3' } }, 0],
    ['TERM=dumb', { env: { TERM: 'dumb' } }, 0],
  ])('%s', (_what, change, level) => expect(colorLevel({ ...base, ...change })).toBe(level));
});
