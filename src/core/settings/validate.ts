import { ConfigError } from '../errors.js';

export interface IntegerRule {
  min: number;
  max: number;
  /** How the accepted range reads in an error: "a port from 1 to 65535". */
  expected: string;
}

export const NUMBER_RULES = {
  port: { min: 1, max: 65_535, expected: 'a port number from 1 to 65535' },
  heartbeat: { min: 0, max: 65_535, expected: 'whole seconds from 0 (off) to 65535' },
  timeout: { min: 1, max: 3_600_000, expected: 'whole milliseconds from 1 to 3600000' },
} satisfies Record<string, IntegerRule>;

/** Parses a whole number within `rule`, from a string or a number; `where` names the source. */
export function checkInteger(value: string | number, rule: IntegerRule, where: () => string): number {
  const number = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < rule.min || number > rule.max) {
    throw new ConfigError(`${where()} must be ${rule.expected}, not '${value}'`);
  }
  return number;
}
