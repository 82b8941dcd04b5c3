// What the user typed comes back in errors escaped, whoever prints them: commander or our Logger.
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe('errors quoting what was typed', () => {
  it.each([
    ['an unknown option (commander)', ['send', 'q', 'x', '--bogus\x1b]0;PWNED\x07'], /unknown option '--bogus\\x1b\]0;PWNED\\x07'/],
    ['a bad option value (commander)', ['listen', 'q', '--count', '3\x1b[2J'], /option '-n, --count <n>' argument '3\\x1b\[2J' is invalid/],
    ['a bad queue name (our error)', ['queue', 'info', 'q\x07'], /^error: the queue name 'q\\x07' holds the control character \\x07\n/],
    ['a bad -H (our error)', ['send', 'q', 'x', '-H', '\x1b[31m'], /--header expects key=value, not '\\x1b\[31m'/],
  ])('%s', async (_what, args, message) => {
    const result = await runMain(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});
