import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { readPassword } from '../../../../src/core/settings/password-stdin.js';

/** A stdin that holds `chunks` and then ends. */
function stdin(chunks: string[], isTTY = false): NodeJS.ReadStream {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return Object.assign(stream, { isTTY }) as unknown as NodeJS.ReadStream;
}

describe('readPassword (--password-stdin)', () => {
  it.each([
    ['a line', ['s3cret\nmessage body\n'], 's3cret'],
    ['a line in pieces', ['s3', 'cr', 'et\n'], 's3cret'],
    ['a CRLF line', ['s3cret\r\n'], 's3cret'],
    ['a last line without newline', ['s3cret'], 's3cret'],
    ['spaces, kept', ['  pass word \n'], '  pass word '],
  ])('reads the first line: %s', async (_what, chunks, password) => {
    expect(await readPassword(stdin(chunks), false)).toBe(password);
  });

  it.each([
    ['an empty stdin', stdin([]), false, '--password-stdin found no password on stdin'],
    ['an empty first line', stdin(['\nrest']), false, '--password-stdin found no password on stdin'],
    ['a terminal', stdin([], true), false, '--password-stdin reads the password from stdin, which is a terminal here'],
    ['--password as well', stdin(['x\n']), true, 'give the password with --password or with --password-stdin, not both'],
  ])('refuses %s with a usage error', async (_what, input, alsoGiven, message) => {
    const reading = readPassword(input, alsoGiven);
    await expect(reading).rejects.toBeInstanceOf(UsageError);
    await expect(reading).rejects.toThrow(message);
  });
});
