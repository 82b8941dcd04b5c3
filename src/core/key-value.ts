import { UsageError } from './errors.js';
import { oneLine } from './escape.js';
import { unencodableNumber } from './wire/amqplib-numbers.js';

/** Splits `key=value` (the value may contain `=`); `flag` names the option in the error. */
export function splitKeyValue(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects key=value, not '${oneLine(text)}'`);
  const key = text.slice(0, at);
  // Keys of AMQP tables are short strings; amqplib would throw a RangeError mid-publish.
  if (Buffer.byteLength(key) > 255) throw new UsageError(`${flag} key '${oneLine(key.slice(0, 40))}…' is longer than 255 bytes`);
  return [key, text.slice(at + 1)];
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
    const typed = typedValue(value);
    // Past 2^53 a number is no longer what was typed, and past 2^63 amqplib throws mid-declare.
    if (typeof typed === 'number' && Number.isInteger(typed) && !Number.isSafeInteger(typed)) {
      const limit = `the whole numbers a message can carry exactly (±${Number.MAX_SAFE_INTEGER})`;
      throw new UsageError(`${flag} ${oneLine(key)}: ${oneLine(value)} is beyond ${limit}`, {
        hint: `Quote it to send it as text: ${flag} '${oneLine(key)}="${oneLine(value)}"'`,
      });
    }
    const problem = typeof typed === 'number' ? unencodableNumber(typed) : undefined;
    if (problem !== undefined) {
      throw new UsageError(`${flag} ${oneLine(key)}: ${oneLine(value)} ${problem}`, {
        hint: `Quote it to send it as text: ${flag} '${oneLine(key)}="${oneLine(value)}"'`,
      });
    }
    table[key] = typed;
  }
  return table;
}
