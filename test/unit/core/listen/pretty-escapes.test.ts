import type { Message } from 'amqplib';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { oneLine, showControls } from '../../../../src/core/escape.js';
import { formatter, pretty } from '../../../../src/core/listen/message-bytes.js';
import { typedDelivery } from '../../../helpers/typed-message.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const at = new Date('2026-01-01T10:11:12.345Z');
const message = (body: string | Buffer, fields: Partial<Message['fields']> = {}, properties: Record<string, unknown> = {}) =>
  typedDelivery({
    content: Buffer.from(body),
    fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'q', ...fields },
    properties,
  }) as unknown as Message;
/** Any byte a terminal acts on, but the newline and tab that lay text out. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('showControls and oneLine', () => {
  it.each([
    ['\x1b[2J', '\\x1b[2J', '\\x1b[2J'],
    ['\x1b]0;title\x07', '\\x1b]0;title\\x07', '\\x1b]0;title\\x07'],
    ['a\x00b\x7fc', 'a\\x00b\\x7fc', 'a\\x00b\\x7fc'],
    ['c1:\u0085\u009b\u0080', 'c1:\\x85\\x9b\\x80', 'c1:\\x85\\x9b\\x80'],
    ['line\nnext\ttab', 'line\nnext\ttab', 'line\\x0anext\\x09tab'],
    ['crlf\r\n', 'crlf\\x0d\n', 'crlf\\x0d\\x0a'],
    ['é ü € 😀 \u00a0', 'é ü € 😀 \u00a0', 'é ü € 😀 \u00a0'],
  ])('%j → %j, on one line %j', (input, shown, single) => {
    expect(showControls(input)).toBe(shown);
    expect(oneLine(input)).toBe(single);
  });
});

describe('pretty shows what a message carries, never sends its controls to the terminal', () => {
  const hostile = '\x1b[2J\x1b]0;owned\x07\x07\u009b31m\x7f';
  it.each([
    ['body', message(`before ${hostile} after`)],
    ['JSON body', message(JSON.stringify({ text: hostile }), {}, { contentType: 'application/json' })],
    ['routing key', message('x', { routingKey: hostile })],
    ['exchange', message('x', { exchange: hostile })],
    ['content type', message('x', {}, { contentType: hostile })],
    ['header key', message('x', {}, { headers: { [hostile]: 1 } })],
    ['header value', message('x', {}, { headers: { k: hostile } })],
    ['header array', message('x', {}, { headers: { k: [hostile, { deep: hostile }] } })],
  ])('in the %s: no control byte without colour, escapes shown', (_, input) => {
    const text = pretty(input, at, plain);
    expect(text).not.toMatch(CONTROL);
    expect(text).toMatch(/\\(x1b|u001b)\[2J/);
  });

  it('keeps the newlines and tabs of a body, but not of a header line', () => {
    const text = pretty(message('one\ntwo\tthree', { routingKey: 'a\nb' }, { headers: { 'k\n': 'v\tw' } }), at, plain);
    expect(text).toBe('10:11:12.345  a\\x0ab  k\\x0a=v\\x09w\none\ntwo\tthree\n');
  });

  it('dims each escape when colour is on, and adds no control of the message', () => {
    const text = pretty(message('x\x07y'), at, colour);
    expect(text).toContain(`x${colour.dim('\\x07')}y`);
    // With colour, only the SGR sequences of our own styling remain.
    expect(text.replace(/\x1b\[\d+m/g, '')).not.toMatch(CONTROL);
  });

  it('leaves raw and json formats byte for byte as they were', () => {
    const body = `a${hostile}b`;
    const raw = formatter('raw', { delimiter: Buffer.from('\n'), style: plain })(message(body));
    expect(raw.toString()).toBe(`${body}\n`);
    const json = formatter('json', { delimiter: Buffer.from('\n'), style: plain })(message(body, {}, { headers: { k: hostile } }));
    const envelope = JSON.parse(json.toString());
    expect(envelope.body).toBe(body);
    expect(envelope.properties.headers.k).toBe(hostile);
  });
});

describe('pretty header values', () => {
  it.each([
    [Buffer.from('abc'), '<3 bytes>'],
    [[Buffer.from('abc'), 1], '[<3 bytes>,1]'],
    [{ inner: Buffer.alloc(5) }, '{"inner":<5 bytes>}'],
    [[{ a: [Buffer.alloc(0)] }], '[{"a":[<0 bytes>]}]'],
    [['s', true, null], '["s",true,null]'],
    ['plain text', 'plain text'],
    [42, '42'],
  ])('%j reads as %s', (value, shown) => {
    expect(pretty(message('x', {}, { headers: { h: value } }), at, plain)).toBe(`10:11:12.345  q  h=${shown}\nx\n`);
  });
});
