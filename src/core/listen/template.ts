import { PROPERTY_NAMES, type PropertyName } from '../amqp/property-names.js';
import { UsageError } from '../errors.js';
import { oneLine } from '../escape.js';
import { closest } from '../suggest.js';

// `listen --template '{routingKey}\t{headers.x-id}\t{body}\n'`, after kcat's -f and amqpcat's
// --format: placeholders in braces, a few backslash escapes, `{{` and `}}` for literal braces.
// Nothing is evaluated: a placeholder names a field, that is all.

/** The properties a placeholder can name, as amqplib names them: the envelope's, but the header table (`headers`, below). */
export const PROPERTIES = PROPERTY_NAMES.filter((name): name is Exclude<PropertyName, 'headers'> => name !== 'headers');

/** Every placeholder but `headers.<name>`. `headers` alone is the whole table, as JSON. */
export const PLACEHOLDERS = ['exchange', 'routingKey', 'redelivered', 'deliveredAt', ...PROPERTIES, 'headers', 'body', 'bodyBase64', 'size'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'field'; name: Placeholder } | { kind: 'header'; name: string };

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '0': '\0', '\\': '\\' };
const HEADER = 'headers.';

/** Parses a template; an unknown placeholder, a lone brace or an unknown escape is a UsageError, all named at once. */
export function parseTemplate(template: string, flag = '--template'): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  for (let at = 0; at < template.length; at++) {
    const char = template[at] as string;
    const next = template[at + 1];
    if (char === '\\') {
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) problems.push(next === undefined ? 'a \\ at the end (write \\\\ for a backslash)' : `unknown escape \\${next}`);
      else text += escaped;
      at++;
    } else if ((char === '{' || char === '}') && next === char) {
      text += char;
      at++;
    } else if (char === '}') {
      problems.push('a lone } (write }} for a literal brace)');
    } else if (char === '{') {
      const end = template.indexOf('}', at + 1);
      if (end === -1) {
        problems.push('a { that is never closed (write {{ for a literal brace)');
        break;
      }
      const name = template.slice(at + 1, end);
      const part = placeholder(name);
      if (part === undefined) problems.push(unknown(name));
      else {
        flush();
        parts.push(part);
      }
      at = end;
    } else text += char;
  }
  flush();
  if (problems.length > 0) {
    throw new UsageError(`${flag}: ${problems.join('; ')}`, {
      hint: `Placeholders: ${PLACEHOLDERS.map((name) => `{${name}}`).join(' ')} {headers.<name>}; escapes \\t \\n \\r \\0 \\\\; {{ and }} for braces`,
    });
  }
  return parts;
}

function placeholder(name: string): TemplatePart | undefined {
  if (name.startsWith(HEADER) && name.length > HEADER.length) return { kind: 'header', name: name.slice(HEADER.length) };
  return (PLACEHOLDERS as readonly string[]).includes(name) ? { kind: 'field', name: name as Placeholder } : undefined;
}

function unknown(name: string): string {
  // Short names are a step from too many others ({nope} → {type}) for a guess to help.
  const guess = name.length >= 6 ? closest(name, PLACEHOLDERS) : undefined;
  return `unknown placeholder {${oneLine(name.slice(0, 60))}}${guess === undefined ? '' : ` (did you mean {${guess}}?)`}`;
}
