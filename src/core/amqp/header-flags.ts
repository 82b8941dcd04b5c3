import { UnencodableValueError } from '../wire/amqplib-values.js';
import { parseTablesJson, TypedJsonError, valueFromJson } from './typed-json.js';
import { publishHeaders } from '../wire/typed-headers.js';
import { tableOf, type TypedTable, type TypedValue } from '../wire/typed-value.js';
import { UsageError } from '../errors.js';
import { oneLine } from '../escape.js';

// `-H key=text` sends text, as documented from the start; `-H key:=json` (HTTPie's convention)
// reads the value as JSON, with the typed markers of the JSON envelope for exact AMQP types.

/** One `-H` value as a header: `key=text` is a string, `key:=json` the value the JSON says. */
export function parseHeader(text: string, flag = '--header'): [string, TypedValue] {
  const at = text.indexOf('=');
  const typed = at > 0 && text[at - 1] === ':';
  const key = text.slice(0, typed ? at - 1 : at);
  if (at <= 0 || key === '') {
    throw new UsageError(`${flag} expects key=value, not '${oneLine(text)}'`, {
      hint: `Write ${flag} key=text for text, ${flag} key:=<json> for a typed value`,
    });
  }
  // Keys of AMQP tables are short strings; amqplib would throw a RangeError mid-publish.
  if (Buffer.byteLength(key) > 255) throw new UsageError(`${flag} key '${oneLine(key.slice(0, 40))}…' is longer than 255 bytes`);
  const value = text.slice(at + 1);
  if (!typed) return [key, { tag: 'S', value: Buffer.from(value, 'utf8') }];
  let json: unknown;
  try {
    json = parseTablesJson(value);
  } catch (error) {
    throw new UsageError(`${flag} ${oneLine(key)}: '${oneLine(value.slice(0, 80))}' is not JSON (${oneLine((error as Error).message)})`, {
      hint: `Write ${flag} '${oneLine(key)}:=5', '${oneLine(key)}:="text"' or '${oneLine(key)}:={"!":"int64","value":"…"}'; ${flag} ${oneLine(key)}=<text> sends text`,
    });
  }
  try {
    return [key, valueFromJson(json, `${flag} ${oneLine(key)}`)];
  } catch (error) {
    if (error instanceof TypedJsonError) throw new UsageError(oneLine(error.message));
    throw error;
  }
}

/** The header table of every `-H` given; a later key wins over an earlier one. */
export function headerTable(pairs: readonly string[], flag = '--header'): TypedTable {
  return tableOf(pairs.map((pair) => parseHeader(pair, flag)));
}

/** The typed table of the -H flags; undefined without any. */
export function flagHeaders(pairs: readonly string[] | undefined): TypedTable | undefined {
  return pairs === undefined || pairs.length === 0 ? undefined : headerTable(pairs);
}

/** The `headers` option for amqplib's publish; refuses what RabbitMQ would close the connection on. */
export function headersToPublish(table: TypedTable, flag = '--header'): object {
  try {
    return publishHeaders(table);
  } catch (error) {
    if (error instanceof UnencodableValueError) throw new UsageError(oneLine(error.message.replace(/^headers\./, `${flag} `)));
    throw error;
  }
}
