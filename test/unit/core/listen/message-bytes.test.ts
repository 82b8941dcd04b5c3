import type { ConsumeMessage } from 'amqplib';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatter, pretty } from '../../../../src/core/listen/message-bytes.js';

const message = (tag: number, body = `m${tag}`, properties: Record<string, unknown> = {}) =>
  ({
    content: Buffer.from(body),
    fields: { deliveryTag: tag, redelivered: false, exchange: '', routingKey: 'q', consumerTag: 'c' },
    properties,
  }) as unknown as ConsumeMessage;

describe('formats', () => {
  const plain = new Chalk({ level: 0 });
  it('pretty: time, routing key, flags, content type and headers, then the body', () => {
    const text = pretty(
      message(1, '{"a":[1]}', { contentType: 'application/json', headers: { retry: 2, id: 'x'.repeat(50) } }),
      new Date('2026-01-01T10:11:12.345Z'),
      plain,
    );
    expect(text).toBe(`10:11:12.345  q  application/json  retry=2 id=${'x'.repeat(39)}…\n{\n  "a": [\n    1\n  ]\n}\n`);
  });
  it('pretty: binary bodies as a hex preview', () => {
    const binary = { ...message(1), content: Buffer.from([0xff, 0x01]) } as ConsumeMessage;
    expect(pretty(binary, new Date(0), plain)).toMatch(/\(binary, 2 bytes\) ff 01\n$/);
  });
  it('raw: the body and the delimiter', () => {
    expect(formatter('raw', { delimiter: Buffer.from([0]), style: plain })(message(1, 'x')).toString()).toBe('x\0');
  });
});
