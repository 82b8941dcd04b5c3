import { InvalidArgumentError } from 'commander';
import { CliError } from '../core/errors.js';
import { splitKeyValue } from '../core/key-value.js';
import { checkInteger, type IntegerRule } from '../core/settings/validate.js';

/** A commander parser for a whole number within `rule`; a bad value fails before anything runs. */
export function integer(rule: IntegerRule): (value: string) => number {
  return (value) => {
    try {
      return checkInteger(value, rule, () => 'it');
    } catch {
      throw new InvalidArgumentError(`Expected ${rule.expected}.`);
    }
  };
}

/** A commander parser for a number above 0 (fractions allowed), at most `max`. */
export function positiveNumber(max: number): (value: string) => number {
  return (value) => {
    const number = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!(number > 0 && number <= max)) throw new InvalidArgumentError(`Expected a number above 0, up to ${max}.`);
    return number;
  };
}

/** A commander parser for repeatable options: collects every value into an array. */
export function collect<T = string>(parse: (value: string) => T = (value) => value as T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), wrap(parse)(value)];
}

/** Runs a core parser, turning its CliError into commander's InvalidArgumentError. */
export function wrap<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof CliError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

export const COUNT = { min: 1, max: Number.MAX_SAFE_INTEGER, expected: 'a whole number of at least 1' };
/** --retry-nacks of send and queue move: whole seconds, up to a day. */
export const RETRY_SECONDS = { min: 0, max: 86_400, expected: 'a whole number of seconds from 0 to 86400' };
export const NON_NEGATIVE = { min: 0, max: Number.MAX_SAFE_INTEGER, expected: 'a whole number of at least 0' };

/** A repeatable `key=value` option, checked where it is parsed (exit 2 before connecting). */
export function keyValues(flag: string): (value: string, previous: string[] | undefined) => string[] {
  return collect((pair) => {
    splitKeyValue(pair, flag);
    return pair;
  });
}
