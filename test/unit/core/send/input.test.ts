import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { checkFiles, fixedMessages, isStream, readAhead } from '../../../../src/core/send/input.js';
import type { SendPlan } from '../../../../src/core/send/plan.js';
import type { MessageSource, OutgoingMessage } from '../../../../src/core/send/sources.js';
import { tempDir } from '../../../helpers/temp.js';

const plan = (input: SendPlan['input'], repeat = 1) => ({ input, repeat }) as SendPlan;
const never = new AbortController().signal;
const bodies = (messages: OutgoingMessage[] | undefined) => messages?.map((m) => m.body.toString());

async function* batches(...list: (OutgoingMessage[] | Error)[]): MessageSource {
  for (const item of list) {
    if (item instanceof Error) throw item;
    yield item;
  }
}
const batch = (...texts: string[]) => texts.map((text) => ({ body: Buffer.from(text) }));

describe('checkFiles', () => {
  it('gives the sizes of files that are there, and refuses what is missing or not a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'abc');
    mkdirSync(join(dir, 'folder'));
    expect(await checkFiles([join(dir, 'a')])).toEqual([3]);
    await expect(checkFiles([join(dir, 'a'), join(dir, 'missing')])).rejects.toThrow(`file ${join(dir, 'missing')} does not exist`);
    await expect(checkFiles([join(dir, 'folder')])).rejects.toThrow(`${join(dir, 'folder')} is not a file`);
  });
});

describe('fixedMessages', () => {
  it('takes message arguments as they are, and refuses one over the limit by its number', async () => {
    expect(bodies(await fixedMessages(plan({ kind: 'arguments', messages: ['a', 'bb'] }), 10))).toEqual(['a', 'bb']);
    await expect(fixedMessages(plan({ kind: 'arguments', messages: ['a', 'bbbb'] }), 3)).rejects.toThrow(/^message 2 is 4 bytes/);
  });

  it('reads files once when --repeat sends them again, and leaves other input to be streamed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{}');
    const files = await fixedMessages(plan({ kind: 'files', paths: [join(dir, 'a.json')] }, 3), 10);
    expect(files?.map((m) => [m.body.toString(), m.properties?.contentType])).toEqual([['{}', 'application/json']]);
    expect(await fixedMessages(plan({ kind: 'files', paths: [join(dir, 'a.json')] }), 10)).toBeUndefined();
    expect(await fixedMessages(plan({ kind: 'whole' }), 10)).toBeUndefined();
  });

  it.each([
    ['lines', true],
    ['envelopes', true],
    ['whole', true],
    ['files', false],
    ['arguments', false],
  ] as const)('%s is read while publishing: %s', (kind, streamed) => {
    expect(isStream(plan({ kind } as SendPlan['input']))).toBe(streamed);
  });
});

describe('readAhead', () => {
  it('reads the first batch now and gives every batch, that one first', async () => {
    const { first, source } = await readAhead(batches(batch('a', 'b'), batch('c')), never);
    expect(bodies(first)).toEqual(['a', 'b']);
    const all: string[] = [];
    for await (const next of source) all.push(...(bodies(next) ?? []));
    expect(all).toEqual(['a', 'b', 'c']);
  });

  it('has no first batch for empty input', async () => {
    const { first, source } = await readAhead(batches(), never);
    expect(first).toBeUndefined();
    for await (const _ of source) throw new Error('nothing should come');
  });

  it('says nothing was sent when the first batch is bad input', async () => {
    const reading = readAhead(batches(new UsageError('line 1 of stdin is not valid JSON')), never);
    await expect(reading).rejects.toBeInstanceOf(UsageError);
    await expect(reading).rejects.toThrow('line 1 of stdin is not valid JSON; nothing was sent');
  });

  it('after Ctrl-C, a failed read is no error: there is simply nothing to send', async () => {
    const { first } = await readAhead(batches(new Error('stdin closed')), AbortSignal.abort());
    expect(first).toBeUndefined();
  });
});
