import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../../../src/core/management/glob.js';

describe('globToRegExp', () => {
  it.each([
    ['jobs-*', 'jobs-a', true],
    ['jobs-*', 'old-jobs-a', false],
    ['jobs-?', 'jobs-ab', false],
    ['a.b', 'aXb', false],
    ['a.b', 'a.b', true],
    ['*', '', true],
  ])('%s against %j', (glob, name, matches) => expect(globToRegExp(glob).test(name)).toBe(matches));
});
