import { describe, expect, it } from 'vitest';
import { tooLarge } from '../../../../src/core/send/sources.js';

describe('tooLarge', () => {
  it.each([
    [134_217_729, 134_217_728, "stdin is 134,217,729 bytes, over the broker's limit of 134,217,728 bytes per message"],
    [200 * 1024 * 1024, 134_217_728, "stdin is 200 MiB, over the broker's limit of 128 MiB per message"],
    [2048, 1024, "stdin is 2 KiB, over the broker's limit of 1 KiB per message"],
  ])('a body of %i bytes over a limit of %i', (size, limit, text) => {
    expect(tooLarge(size, limit, 'stdin').message).toBe(text);
  });
});
