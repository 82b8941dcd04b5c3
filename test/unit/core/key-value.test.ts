import { describe, expect, it } from 'vitest';
import { parseArguments, splitKeyValue, typedValue } from '../../../src/core/key-value.js';

describe('key=value', () => {
  it.each([
    ['a=b', ['a', 'b']],
    ['a=b=c', ['a', 'b=c']],
    ['a=', ['a', '']],
  ])('splits %s', (text, expected) => expect(splitKeyValue(text, '--arg')).toEqual(expected));

  it.each(['a', '=b', ''])('refuses %j', (text) => expect(() => splitKeyValue(text, '--header')).toThrow(/--header expects key=value/));

  it.each([
    ['10', 10],
    ['-3', -3],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['"10"', '10'],
    ['lazy', 'lazy'],
    ['"unterminated\\"', '"unterminated\\"'],
    ['1e3', '1e3'],
  ])('types %s', (text, value) => expect(typedValue(text)).toEqual(value));

  it('builds a table', () => expect(parseArguments(['x-max-length=5', 'x-queue-mode=lazy'])).toEqual({ 'x-max-length': 5, 'x-queue-mode': 'lazy' }));
});
