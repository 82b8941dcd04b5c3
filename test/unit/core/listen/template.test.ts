import type { Message } from 'amqplib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { planExec } from '../../../../src/core/exec/plan.js';
import { planListen } from '../../../../src/core/listen/plan.js';
import { PLACEHOLDERS, parseTemplate, type TemplatePart } from '../../../../src/core/listen/template.js';
import { renderTemplate } from '../../../../src/core/listen/template-render.js';
import { cleanOutcome } from '../../../helpers/clean-error.js';
import { typedDelivery } from '../../../helpers/typed-message.js';

const text = (value: string): TemplatePart => ({ kind: 'text', text: value });
const field = (name: string) => ({ kind: 'field', name }) as TemplatePart;
const header = (name: string): TemplatePart => ({ kind: 'header', name });

describe('parseTemplate', () => {
  it.each<[string, TemplatePart[]]>([
    ['', []],
    ['plain', [text('plain')]],
    ['{body}', [field('body')]],
    ['{routingKey}\\t{headers.x-id}\\t{body}\\n', [field('routingKey'), text('\t'), header('x-id'), text('\t'), field('body'), text('\n')]],
    ['{headers.a.b}', [header('a.b')]],
    ['{headers}', [field('headers')]],
    ['{{literal}} {size}', [text('{literal} '), field('size')]],
    ['a\\\\b\\r\\0', [text('a\\b\r\0')]],
    ['{{{body}}}', [text('{'), field('body'), text('}')]],
    ['{contentType};{messageId};{timestamp}', [field('contentType'), text(';'), field('messageId'), text(';'), field('timestamp')]],
  ])('%j', (template, parts) => expect(parseTemplate(template)).toEqual(parts));

  it.each([
    ['{nope}', /unknown placeholder \{nope\}/],
    ['{routingkey}', /unknown placeholder \{routingkey\} \(did you mean \{routingKey\}\?\)/],
    ['{a} and {b}', /unknown placeholder \{a\}; unknown placeholder \{b\}/],
    ['{headers.}', /unknown placeholder \{headers\.\}/],
    ['{}', /unknown placeholder \{\}/],
    ['{body', /a \{ that is never closed/],
    ['body}', /a lone \} \(write \}\} for a literal brace\)/],
    ['\\q', /unknown escape \\q/],
    ['end\\', /a \\ at the end/],
    ['{exec(rm -rf /)}', /unknown placeholder \{exec\(rm -rf \/\)\}/],
  ])('refuses %j, naming every problem', (template, message) => {
    expect(() => parseTemplate(template)).toThrow(UsageError);
    expect(() => parseTemplate(template)).toThrow(message);
  });

  /** A template that spells `parts`, the way a user would write it. */
  const spell = (parts: TemplatePart[]) =>
    parts
      .map((part) =>
        part.kind === 'text'
          ? part.text.replace(
              /[\\{}\t\n\r\0]/g,
              (char) => ({ '\\': '\\\\', '{': '{{', '}': '}}', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' })[char] as string,
            )
          : part.kind === 'field'
            ? `{${part.name}}`
            : `{headers.${part.name}}`,
      )
      .join('');
  const part: fc.Arbitrary<TemplatePart> = fc.oneof(
    fc.string({ minLength: 1, unit: 'binary' }).map(text),
    fc.constantFrom(...PLACEHOLDERS).map(field),
    fc
      .string({ minLength: 1 })
      .filter((name) => !name.includes('}'))
      .map(header),
  );
  /** Adjacent texts are one text once parsed. */
  const merged = (parts: TemplatePart[]) =>
    parts.reduce<TemplatePart[]>((out, item) => {
      const last = out.at(-1);
      if (item.kind === 'text' && last?.kind === 'text') out[out.length - 1] = text(last.text + item.text);
      else out.push(item);
      return out;
    }, []);

  it('property: any parts, spelled as a template, parse back to themselves', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        expect(parseTemplate(spell(parts))).toEqual(merged(parts));
      }),
      { numRuns: 500 },
    );
  });

  it('property: any text parses, or fails with one clean line of UsageError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (template) => {
        await cleanOutcome(() => parseTemplate(template), UsageError);
      }),
      { numRuns: 500 },
    );
  });
});

const message = (content: Buffer | string, properties: Record<string, unknown> = {}, routingKey = 'key') =>
  typedDelivery({
    fields: { exchange: 'ex', routingKey, redelivered: true, deliveryTag: 1, consumerTag: 'c' },
    properties: { headers: undefined, ...properties },
    content: Buffer.from(content),
  }) as unknown as Message;
const at = new Date('2026-01-02T03:04:05.678Z');
const render = (template: string, msg: Message, terminal = false) => renderTemplate(parseTemplate(template), msg, at, terminal);

describe('renderTemplate', () => {
  it('fills every kind of placeholder', () => {
    const msg = message('hé', {
      contentType: 'text/plain',
      messageId: 'm1',
      timestamp: 1_700_000_000,
      deliveryMode: 2,
      headers: { 'x-id': 'abc', n: 5, bytes: Buffer.from('raw'), table: { a: [1, 'b'] } },
    });
    expect(render('{exchange}|{routingKey}|{redelivered}|{deliveredAt}|{size}|{bodyBase64}|{body}', msg).toString()).toBe(
      `ex|key|true|2026-01-02T03:04:05.678Z|3|${Buffer.from('hé').toString('base64')}|hé`,
    );
    expect(render('{contentType} {messageId} {timestamp} {deliveryMode} [{appId}]', msg).toString()).toBe('text/plain m1 1700000000 2 []');
    expect(render('{headers.x-id} {headers.n} {headers.bytes} {headers.table} [{headers.missing}]', msg).toString()).toBe('abc 5 raw {"a":[1,"b"]} []');
    expect(render('{headers}', msg).toString()).toBe('{"x-id":"abc","n":5,"bytes":"raw","table":{"a":[1,"b"]}}');
    expect(render('[{headers}]', message('x')).toString()).toBe('[]');
  });

  it('in a pipe, the body goes out byte for byte', () => {
    const binary = Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x00]);
    expect(render('{body}', message(binary))).toEqual(binary);
  });

  it('on a terminal, message bytes are shown, never acted on; the template keeps its layout', () => {
    const msg = message('line1\n\x1b[2Jline2\ttab', { headers: { h: 'a\x07b\nc' } }, 'k\x1b]0;title\x07');
    expect(render('{routingKey}\\t{headers.h}\\n{body}\\n', msg, true).toString()).toBe('k\\x1b]0;title\\x07\ta\\x07b\\x0ac\nline1\n\\x1b[2Jline2\ttab\n');
  });
});

describe('listen --template in the plan', () => {
  const plan = (flags: Parameters<typeof planListen>[1], isTTY = false) => planListen('q', flags, { isTTY }, {});
  it('--template alone implies --format template, and knows the terminal', () => {
    expect(plan({ template: '{body}' }, true)).toMatchObject({ format: 'template', template: { parts: [field('body')], terminal: true } });
    expect(plan({ format: 'template', template: '{body}' })).toMatchObject({ format: 'template', template: { terminal: false } });
    expect(plan({}).template).toBeUndefined();
  });
  it.each([
    [{ format: 'template' as const }, /--format template needs --template/],
    [{ format: 'raw' as const, template: '{body}' }, /--template and --format raw disagree/],
    [{ json: true, template: '{body}' }, /--template and --json disagree/],
    [{ template: '{body}', delimiter: '\\0' }, /--delimiter applies to --format raw only/],
    [{ template: '{bogus}' }, /unknown placeholder \{bogus\}/],
  ])('refuses %j', (flags, error) => expect(() => plan(flags)).toThrow(error));
  it('refuses --template with --exec: the command gets the messages, not a template', () => {
    expect(() => planExec('q', { exec: 'cat', template: '{body}' }, {})).toThrow(/--template formats the messages listen prints/);
  });
});
