import { oneLine } from '../escape.js';

/** Line and column (1-based) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse gave up on `text`, as an offset. V8 names the position for most errors but not
 * for "Unexpected token"; then the shortest prefix that fails before its own end marks the spot
 * (every shorter prefix is merely incomplete).
 */
export function jsonErrorOffset(text: string, error: Error): number | undefined {
  const stated = /at position (\d+)/.exec(error.message);
  if (stated?.[1] !== undefined) return Number(stated[1]);
  const failsEarly = (end: number): boolean => {
    try {
      JSON.parse(text.slice(0, end));
      return false;
    } catch (e) {
      const message = (e as Error).message;
      // Running out of text is not the error we look for; V8 says so in one of two ways.
      return !/Unexpected end of JSON input/.test(message) && /at position (\d+)/.exec(message)?.[1] !== String(end);
    }
  };
  let low = 0;
  let high = text.length;
  if (!failsEarly(high)) return undefined;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsEarly(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

/** V8's JSON error without the echo of the input or the offset, on one line: "Unexpected token 'o'". */
export function jsonErrorReason(error: Error): string {
  return oneLine(error.message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, ''));
}
