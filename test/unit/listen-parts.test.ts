import type { ConsumeMessage } from 'amqplib';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatter, pretty } from '../../src/core/listen/message-bytes.js';
import { parseOffset } from '../../src/core/consumer/stream-offset.js';
import { planListen } from '../../src/core/listen/plan.js';

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

describe('planListen', () => {
  const plan = (queue: string | undefined, flags = {}, isTTY = false, env = {}) => planListen(queue, flags, { isTTY }, env);

  it('picks pretty on a terminal and raw in a pipe', () => {
    expect(plan('q', {}, true).format).toBe('pretty');
    expect(plan('q', {}, false).format).toBe('raw');
    expect(plan('q', { json: true }, true).format).toBe('json');
    expect(plan('q', { delimiter: '\\0' }, true).format).toBe('raw');
  });

  it('never has more in flight than --count needs', () => {
    expect(plan('q', { count: 5 }).prefetch).toBe(5);
    expect(plan('q', { count: 500 }).prefetch).toBe(100);
    expect(plan('q', { count: 100_000, prefetch: 0 }).prefetch).toBe(65_535);
  });

  it('taps an exchange with the bindings its type needs unless --binding names keys', () => {
    expect(plan(undefined, { exchange: 'logs' })).toMatchObject({ queue: undefined, exchange: 'logs', bindings: undefined });
  });

  it.each([
    [{ json: true, format: 'pretty' }, /--json and --format pretty disagree/],
    [{ delimiter: ',', format: 'json' }, /--delimiter applies to --format raw only/],
    [{ binding: ['a'] }, /--binding needs --exchange/],
    [{ peek: true, ack: false }, /--peek cannot be combined with --no-ack/],
    [{ peek: true, drain: true }, /--peek cannot be combined with --drain/],
    [{ peek: true, idleTimeout: 1 }, /--peek cannot be combined with --idle-timeout/],
    [{ offset: 'first', ack: false }, /--offset cannot be used with --no-ack/],
    [{ count: 5, ack: false }, /--count cannot stop at exactly n with --no-ack/],
    [{ prefetch: 10, ack: false }, /--prefetch has no effect with --no-ack/],
    [{ offset: 'first', exchange: 'logs' }, /--offset reads a stream queue; the temporary queue of --exchange is not one/],
  ])('refuses %j', (flags, message) => expect(() => plan('q', flags)).toThrow(message));

  it('refuses a queue argument with --exchange', () => {
    expect(() => plan('q', { exchange: 'x' })).toThrow(/drop the queue argument/);
  });
});

describe('parseOffset', () => {
  it.each([
    ['first', 'first'],
    ['next', 'next'],
    ['42', 42],
    ['30m', '30m'],
    ['7D', '7D'],
    ['2026-01-01T00:00:00Z', { '!': 'timestamp', value: 1767225600 }],
  ])('%s', (text, value) => expect(parseOffset(text)).toEqual(value));
  it('refuses nonsense', () => expect(() => parseOffset('soon')).toThrow(/--offset must be/));
});
