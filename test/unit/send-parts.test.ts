import { describe, expect, it } from 'vitest';
import type { Message } from 'amqplib';
import { fromEnvelopeLine } from '../../src/core/envelope-read.js';
import { toEnvelope } from '../../src/core/envelope.js';
import { UsageError } from '../../src/core/errors.js';
import { parseDelimiter } from '../../src/core/delimiter.js';
import { LineSplitter } from '../../src/core/send/line-splitter.js';
import { planSend } from '../../src/core/send/plan.js';
import { flagHeaders } from '../../src/core/amqp/header-flags.js';
import { contentTypeFor, DEFAULT_PROPERTIES, mergeProperties, propertiesFromFlags, withFlagHeaders } from '../../src/core/send/properties.js';
import { tooLarge } from '../../src/core/send/sources.js';

const split = (chunks: string[], options?: ConstructorParameters<typeof LineSplitter>[0]) => {
  const splitter = new LineSplitter(options);
  const out = chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk)));
  return [...out, ...splitter.end()].map((buffer) => buffer.toString());
};

describe('LineSplitter', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\r\nb\r\n'], ['a', 'b']],
    [['a\nb'], ['a', 'b']],
    [['a\n\n\nb\n'], ['a', 'b']],
    [
      ['ab', 'c\nd', 'e\n'],
      ['abc', 'de'],
    ],
    [
      ['a\r', '\nb'],
      ['a', 'b'],
    ],
    [['', 'x', '', '\n'], ['x']],
    [['a\rb\n'], ['a\rb']],
  ])('%j → %j', (chunks, lines) => expect(split(chunks)).toEqual(lines));

  it('keeps empty lines with keepEmpty, but no phantom line after a final newline', () => {
    expect(split(['a\n\nb\n'], { keepEmpty: true })).toEqual(['a', '', 'b']);
  });

  it('splits at a multi-byte delimiter across chunks, keeping \\r', () => {
    expect(split(['a\r\n--', '-b--', '-c'], { delimiter: Buffer.from('---') })).toEqual(['a\r\n', 'b', 'c']);
    expect(split(['ab-', '-', '-cd', '--', '-'], { delimiter: Buffer.from('---') })).toEqual(['ab', 'cd']);
    expect(split(['x', 'y', '-', 'z', '---', 'w'], { delimiter: Buffer.from('---') })).toEqual(['xy-z', 'w']);
    expect(split(['a--', '--b'], { delimiter: Buffer.from('---') })).toEqual(['a', '-b']);
  });

  it('splits every way a multi-byte delimiter can fall across chunk boundaries', () => {
    const text = 'alpha<|>beta<|><|>gamma<|>';
    for (let first = 0; first <= text.length; first++) {
      for (let second = first; second <= text.length; second++) {
        const chunks = [text.slice(0, first), text.slice(first, second), text.slice(second)];
        expect(split(chunks, { delimiter: Buffer.from('<|>') })).toEqual(['alpha', 'beta', 'gamma']);
      }
    }
  });

  it('counts bytes held for an unfinished line', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('abc'));
    splitter.push(Buffer.from('def'));
    expect(splitter.bufferedBytes).toBe(6);
  });

  it.each([
    ['\\n', [10]],
    ['\\0', [0]],
    ['\\t|', [9, 124]],
    ['\\x1e', [0x1e]],
    ['\\\\', [92]],
    ['ab', [97, 98]],
    ['\\q', [92, 113]],
  ])('reads delimiter %s', (text, bytes) => expect([...parseDelimiter(text)]).toEqual(bytes));
});

describe('envelopes', () => {
  const message = (content: Buffer, properties: Record<string, unknown> = {}): Message =>
    ({ content, fields: { exchange: 'ex', routingKey: 'rk', redelivered: true, deliveryTag: 1 }, properties }) as unknown as Message;

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

  it('leaves out empty headers', () => {
    expect(toEnvelope(message(Buffer.from('x'), { headers: {} }), new Date()).properties).toEqual({});
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

describe('send properties', () => {
  it("lays --header flags over an envelope's typed headers, key by key, keeping the other types", () => {
    const own = { n: { tag: 'I', value: 42 }, keep: { tag: 'd', value: 2 } } as const;
    expect(withFlagHeaders(own, undefined)).toBe(own);
    expect(withFlagHeaders(own, flagHeaders(['n=7', 'extra=x']))).toEqual({
      n: { tag: 'S', value: Buffer.from('7') },
      keep: { tag: 'd', value: 2 },
      extra: { tag: 'S', value: Buffer.from('x') },
    });
  });

  it('sets only what the flags give', () => {
    expect(propertiesFromFlags({})).toEqual({});
    expect(propertiesFromFlags({ header: ['a=1', 'b=x=y'], persistent: true, expiration: 5, priority: 0 })).toEqual({
      headers: { a: '1', b: 'x=y' },
      deliveryMode: 2,
      expiration: '5',
      priority: 0,
    });
  });

  it('lets flags win over a message’s own properties, merging headers', () => {
    expect(mergeProperties({ headers: { a: 1, b: 2 }, type: 'own', appId: 'own' }, { headers: { b: 3 }, type: 'flag' })).toEqual({
      headers: { a: 1, b: 3 },
      type: 'flag',
      appId: 'own',
    });
  });

  it.each([
    ['a.json', 'application/json'],
    ['A.JSON', 'application/json'],
    ['x.txt', 'text/plain'],
    ['x.xml', 'application/xml'],
    ['x.csv', 'text/csv'],
    ['x', undefined],
    ['x.unknown', undefined],
  ])('guesses the content type of %s', (path, type) => expect(contentTypeFor(path)).toBe(type));
});

describe('planSend', () => {
  const plan = (destination: string | undefined, messages: string[], flags = {}, isTTY = false, env = {}) =>
    planSend(destination, messages, flags, { isTTY }, env);

  it('sends to a queue through the default exchange', () => {
    expect(plan('jobs', ['a'])).toMatchObject({
      exchange: '',
      routingKey: 'jobs',
      queue: 'jobs',
      input: { kind: 'arguments', messages: ['a'] },
      confirm: true,
      declare: true,
      repeat: 1,
    });
  });

  it('uses the argument as the routing key with --exchange (empty when left out)', () => {
    expect(plan('a.b', [], { exchange: 'logs' })).toMatchObject({ exchange: 'logs', routingKey: 'a.b', queue: undefined });
    expect(plan(undefined, [], { exchange: 'logs' })).toMatchObject({ routingKey: '' });
  });

  it('reads stdin in the asked way', () => {
    expect(plan('q', []).input).toEqual({ kind: 'lines', delimiter: undefined, keepEmpty: false });
    expect(plan('q', [], { whole: true }).input).toEqual({ kind: 'whole' });
    expect(plan('q', [], { json: true }).input).toEqual({ kind: 'envelopes' });
    expect(plan('q', [], { delimiter: '\\0', keepEmpty: true }).input).toEqual({ kind: 'lines', delimiter: Buffer.from([0]), keepEmpty: true });
  });

  it('refuses a terminal as stdin, with a hint', () => {
    expect(() => plan('q', [], {}, true)).toThrow(/no message given/);
  });

  it('takes QUEUE_NAME when the queue is left out', () => {
    expect(plan(undefined, [], {}, false, { QUEUE_NAME: 'from-env' }).queue).toBe('from-env');
  });
});

describe('send wording at the edges', () => {
  it.each([
    [134_217_729, 134_217_728, "stdin is 134,217,729 bytes, over the broker's limit of 134,217,728 bytes per message"],
    [200 * 1024 * 1024, 134_217_728, "stdin is 200 MiB, over the broker's limit of 128 MiB per message"],
    [2048, 1024, "stdin is 2 KiB, over the broker's limit of 1 KiB per message"],
  ])('a body of %i bytes over a limit of %i', (size, limit, text) => {
    expect(tooLarge(size, limit, 'stdin').message).toBe(text);
  });

  it('persistent by default; --transient opts out; the two flags disagree', () => {
    expect(propertiesFromFlags({})).toEqual({});
    expect(DEFAULT_PROPERTIES).toEqual({ deliveryMode: 2 });
    expect(propertiesFromFlags({ transient: true })).toEqual({ deliveryMode: 1 });
    expect(() => propertiesFromFlags({ transient: true, persistent: true })).toThrow(/disagree/);
  });
});
