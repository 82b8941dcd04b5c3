import type { Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { parseWhere, subjectOf } from '../../../src/core/where.js';
import { typedDelivery } from '../../helpers/typed-message.js';

const message = (body: string | Buffer, properties: Record<string, unknown> = {}, routingKey = 'orders.eu'): Message =>
  typedDelivery({
    content: Buffer.isBuffer(body) ? body : Buffer.from(body),
    fields: { exchange: 'ex', routingKey, redelivered: false, deliveryTag: 1 },
    properties,
  }) as unknown as Message;

const dead = message('{"amount": 150, "id": "a1"}', {
  contentType: 'application/json',
  headers: { 'x-death': [{ reason: 'expired', queue: 'orders', count: 2 }], tries: 3, ratio: { '!': 'double', value: 2 } },
});

describe('--where (JMESPath over the envelope)', () => {
  it.each([
    [`headers."x-death"[0].reason == 'expired' && body.amount > \`100\``, true],
    [`headers."x-death"[0].reason == 'rejected'`, false],
    ['"x-death"[0].queue == \'orders\'', true],
    ['body.amount > `200`', false],
    ["routingKey == 'orders.eu'", true],
    ["starts_with(routingKey, 'orders.')", true],
    ['redelivered', false],
    ["properties.contentType == 'application/json'", true],
    ['headers.tries >= `3`', true],
    // The typed view: a double that plain JSON would read back as an integer says so.
    ['properties.headers.ratio."!" == \'double\'', true],
    ['headers.ratio == `2`', true],
    ['headers.missing', false],
    ["body.id == 'a1' || body.id == 'b2'", true],
    ['size > `10`', true],
  ])('%s → %s', (expression, expected) => {
    expect(parseWhere(expression).matches(dead)).toBe(expected);
  });

  it('a body that is not JSON is its text; a binary one is null, and matches nothing but null', () => {
    expect(parseWhere("body == 'plain words'").matches(message('plain words'))).toBe(true);
    expect(parseWhere("contains(bodyText, 'words')").matches(message('plain words'))).toBe(true);
    expect(parseWhere('body == null').matches(message(Buffer.from([0xff, 0xfe])))).toBe(true);
    expect(subjectOf(message(Buffer.from([0xff])))).toMatchObject({ body: null, bodyText: null, headers: {}, 'x-death': null });
  });

  it.each(['body.amount >', "headers['x-death'", 'nosuch(body)', ''])('%j is a usage error, before anything connects', (expression) => {
    expect(() => parseWhere(expression)).toThrow(UsageError);
  });

  it('a function given the wrong type does not match, and says why', () => {
    const errors: string[] = [];
    const where = parseWhere("starts_with(body, 'x')");
    where.onError = (why) => errors.push(why);
    expect(where.matches(dead)).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('sees nothing but the message', () => {
    for (const expression of ['constructor', '__proto__', 'process', 'globalThis']) expect(parseWhere(expression).matches(dead)).toBe(false);
  });
});
