import { describe, expect, it } from 'vitest';
import type { Message } from 'amqplib';
import { fromEnvelopeLine } from '../../../src/core/envelope-read.js';
import { toEnvelope } from '../../../src/core/envelope.js';
import { UsageError } from '../../../src/core/errors.js';
import { typedDelivery } from '../../helpers/typed-message.js';

describe('envelopes', () => {
  const message = (content: Buffer, properties: Record<string, unknown> = {}): Message =>
    typedDelivery({ content, fields: { exchange: 'ex', routingKey: 'rk', redelivered: true, deliveryTag: 1 }, properties }) as unknown as Message;

  it('round-trips a UTF-8 body, a binary body and typed header values', () => {
    const headers = {
      s: 'x',
      n: 1,
      t: { '!': 'timestamp', value: 5 },
      b: Buffer.from([1, 2]),
      list: [Buffer.from([3])],
      nested: { d: { '!': 'decimal', value: { places: 1, digits: 5 } } },
    };
    for (const body of [Buffer.from('héllo'), Buffer.from([0xc3, 0x28]), Buffer.alloc(0)]) {
      const envelope = toEnvelope(message(body, { headers, contentType: 'a/b', timestamp: 9, undefinedOne: undefined }), new Date(0));
      expect(envelope).toMatchObject({ exchange: 'ex', routingKey: 'rk', redelivered: true, deliveredAt: '1970-01-01T00:00:00.000Z' });
      const back = fromEnvelopeLine(JSON.stringify(envelope), 1);
      expect(Buffer.compare(back.body, body)).toBe(0);
      expect(back.properties).toEqual({ contentType: 'a/b', timestamp: 9 });
      expect(back.headers).toEqual({
        s: { tag: 'S', value: Buffer.from('x') },
        n: { tag: 'b', value: 1 },
        t: { tag: 'T', value: 5n },
        b: { tag: 'x', value: Buffer.from([1, 2]) },
        list: { tag: 'A', value: [{ tag: 'x', value: Buffer.from([3]) }] },
        nested: { tag: 'F', value: { d: { tag: 'D', places: 1, digits: 5 } } },
      });
    }
  });

  it('says base64 only for bodies that are not UTF-8', () => {
    expect(toEnvelope(message(Buffer.from('ok')), new Date()).bodyEncoding).toBe('utf8');
    expect(toEnvelope(message(Buffer.from([0xff])), new Date()).bodyEncoding).toBe('base64');
  });

  it('keeps an empty header table, and leaves out a table the message did not have', () => {
    expect(toEnvelope(message(Buffer.from('x'), { headers: {} }), new Date()).properties).toEqual({ headers: {} });
    expect(toEnvelope(message(Buffer.from('x')), new Date()).properties).toEqual({});
  });

  it('reads a decimal as signed, and a __proto__ key as a key, from the bytes', () => {
    const headers = JSON.parse('{"__proto__":"kept","d":{"!":"decimal","value":{"places":2,"digits":4294954951}}}');
    const envelope = toEnvelope(message(Buffer.from('x'), { headers }), new Date());
    expect(JSON.stringify(envelope.properties)).toBe('{"headers":{"__proto__":"kept","d":{"!":"decimal","value":{"places":2,"digits":-12345}}}}');
    expect(Object.keys(fromEnvelopeLine(JSON.stringify(envelope), 1).headers ?? {})).toEqual(['__proto__', 'd']);
  });

  it('refuses a message read on a channel without the typed reader, rather than print lossy headers', () => {
    const plain = {
      content: Buffer.from('x'),
      fields: { exchange: '', routingKey: 'q', redelivered: false },
      properties: { headers: {} },
    } as unknown as Message;
    expect(() => toEnvelope(plain, new Date())).toThrow(/without enableTypedHeaders/);
  });

  it.each([
    ['{"body": 1}', /line 7 of stdin: "body" must be a string/],
    ['[]', /line 7 of stdin: expected a JSON object/],
    ['{"body": "x", "bodyEncoding": "hex"}', /"bodyEncoding" must be "utf8" or "base64"/],
    ['{"body": "!!", "bodyEncoding": "base64"}', /"body" is not valid base64/],
    ['{"body": "x", "properties": {"colour": "red"}}', /unknown property "colour"/],
    ['{"body": "x", "properties": {"priority": "high"}}', /"properties.priority" must be a number/],
    ['{"body": "x", "properties": {"headers": {"a": {"!": "weird"}}}}', /unknown header value type "weird"/],
    ['{"body": ', /line 7 of stdin is not valid JSON: Unexpected end of JSON input/],
  ])('refuses %s', (line, message) => {
    expect(() => fromEnvelopeLine(line, 7)).toThrow(UsageError);
    expect(() => fromEnvelopeLine(line, 7)).toThrow(message);
  });
});
