import { expect } from 'vitest';
import type { ConfigError, UsageError } from '../../src/core/errors.js';

type Family = typeof UsageError | typeof ConfigError;

/**
 * Runs `parse`: it may return, or throw an error of `family` whose message is one clean line (no
 * control character, no stack, not empty) and contains none of `secrets`. Anything else fails.
 */
export async function cleanOutcome<T>(parse: () => T | Promise<T>, family: Family, secrets: string[] = []): Promise<T | Error> {
  try {
    return await parse();
  } catch (error) {
    expect(error, `threw ${String(error)}`).toBeInstanceOf(family);
    const { message, hint } = error as UsageError;
    for (const text of [message, hint ?? '']) {
      expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      expect(text).not.toMatch(/\n\s+at /);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(message.trim()).not.toBe('');
    return error as Error;
  }
}
