import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { breaks, FIGURES, parseFailIf } from '../../../../src/core/perf/fail-if.js';

describe('parseFailIf', () => {
  it.each([
    ['p99>+10%', { figure: 'p99', op: '>', value: 10, relative: true }],
    ['rate<-5%', { figure: 'rate', op: '<', value: -5, relative: true }],
    [' p99.9 > 2.5 % ', { figure: 'p99.9', op: '>', value: 2.5, relative: true }],
    ['max>250', { figure: 'max', op: '>', value: 250, relative: false }],
    ['confirm-p99>.5', { figure: 'confirm-p99', op: '>', value: 0.5, relative: false }],
  ])('%s', (text, rule) => {
    expect(parseFailIf(text)).toMatchObject(rule);
  });

  it.each([
    ['p99', 'is not <figure><op><number>[%]'],
    ['p99>=10%', 'is not <figure><op><number>[%]'],
    ['p99>ten', 'is not <figure><op><number>[%]'],
    ['p98>+10%', "no figure 'p98'"],
    ['max>-3', 'cannot be negative'],
    ['', 'is not'],
  ])('refuses %j (exit 2)', (text, message) => {
    expect(() => parseFailIf(text)).toThrow(UsageError);
    expect(() => parseFailIf(text)).toThrow(message);
  });

  const rule = fc.record({
    figure: fc.constantFrom(...FIGURES),
    op: fc.constantFrom('<', '>'),
    value: fc.double({ min: -99, max: 1000, noNaN: true }).map((v) => Math.round(v * 100) / 100 + 0),
    relative: fc.boolean(),
  });

  it('reads back every rule it can print', () => {
    fc.assert(
      fc.property(rule, ({ figure, op, value, relative }) => {
        const shown = relative ? `${figure}${op}${value >= 0 ? '+' : ''}${value}%` : `${figure}${op}${Math.abs(value)}`;
        expect(parseFailIf(shown)).toMatchObject({ figure, op, value: relative ? value : Math.abs(value), relative });
      }),
    );
  });

  it('never throws anything but a UsageError, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseFailIf(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});

describe('breaks', () => {
  it.each([
    ['p99>+10%', 11.1, 10, true],
    ['p99>+10%', 10.9, 10, false],
    ['rate<-5%', 940, 1000, true],
    ['rate<-5%', 960, 1000, false],
    ['max>250', 251, undefined, true],
    ['max>250', 249, 1, false],
    ['p99>+10%', 5, undefined, undefined],
    ['p99>+10%', undefined, 5, undefined],
  ])('%s with %s against %s: %s', (text, actual, baseline, broken) => {
    expect(breaks(parseFailIf(text), actual, baseline)).toBe(broken);
  });
});
