import { describe, expect, it } from 'vitest';
import { hasDeadLetter } from '../../../../src/core/exec/dead-letter.js';

describe('hasDeadLetter', () => {
  it.each([
    [{ arguments: { 'x-dead-letter-exchange': '' } }, true],
    [{ arguments: {}, effective_policy_definition: { 'dead-letter-exchange': 'dlx' } }, true],
    [{ arguments: {}, effective_policy_definition: [] }, false],
    [{}, false],
  ])('%j → %s', (info, expected) => {
    expect(hasDeadLetter(info)).toBe(expected);
  });
});
