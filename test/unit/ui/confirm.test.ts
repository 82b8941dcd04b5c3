import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm } from '../../../src/ui/confirm.js';

/** Asks with `typed` as the user's input; the answer and what the prompt showed. */
async function ask(typed: string | undefined, isTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY });
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const answer = confirm("purge queue 'jobs' (12 messages)?", {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
  });
  if (typed === undefined) stdin.end();
  else stdin.write(typed);
  return { answer: await answer, shown };
}

describe('confirm', () => {
  it.each([
    ['y\n', true],
    ['YES\n', true],
    [' yes \n', true],
    ['n\n', false],
    ['\n', false],
    ['yep\n', false],
  ])('%j on a terminal is %s', async (typed, yes) => {
    const { answer, shown } = await ask(typed);
    expect(answer).toBe(yes);
    expect(shown).toContain("purge queue 'jobs' (12 messages)? [y/N] ");
  });

  it('is no when stdin ends without an answer', async () => expect((await ask(undefined)).answer).toBe(false));

  it('is yes without asking when stdin is not a terminal, so a script never hangs', async () => {
    expect(await ask(undefined, false)).toEqual({ answer: true, shown: '' });
  });
});
