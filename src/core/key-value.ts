import { UsageError } from './errors.js';

/** Splits `key=value` (the value may contain `=`); `flag` names the option in the error. */
export function splitKeyValue(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects key=value, not '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Types a value for x-arguments: numbers and booleans are parsed, a JSON string in double quotes
 * (`"10"`) stays a string, anything else is a string as written.
 */
export function typedValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^".*"$/s.test(text)) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text;
    }
  }
  return text;
}

/** Parses a repeatable `--arg key=value` list into a table of typed values. */
export function parseArguments(pairs: readonly string[], flag = '--arg'): Record<string, string | number | boolean> {
  const table: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const [key, value] = splitKeyValue(pair, flag);
    table[key] = typedValue(value);
  }
  return table;
}
