import type { Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { describeRoute, originOf, routeOf } from '../../../../src/core/move/route.js';

const message = (headers: Record<string, unknown> = {}, routingKey = 'rk') =>
  ({ content: Buffer.alloc(0), fields: { routingKey, exchange: 'ex', deliveryTag: 1, redelivered: false }, properties: { headers } }) as unknown as Message;

describe('originOf (the queue a dead letter came from)', () => {
  it.each([
    ['the latest death, first in x-death', { 'x-death': [{ queue: 'orders' }, { queue: 'older' }], 'x-first-death-queue': 'first' }, 'orders'],
    ['x-first-death-queue without x-death', { 'x-first-death-queue': 'first' }, 'first'],
    ['x-first-death-queue as bytes', { 'x-first-death-queue': Buffer.from('bytes') }, 'bytes'],
    ['an x-death entry without a queue', { 'x-death': [{ reason: 'expired' }], 'x-first-death-queue': 'first' }, 'first'],
    ['an empty queue name', { 'x-death': [{ queue: '' }] }, undefined],
    ['no headers at all', {}, undefined],
    ['empty bytes', { 'x-first-death-queue': Buffer.alloc(0) }, undefined],
  ])('%s', (_what, headers, origin) => expect(originOf(message(headers))).toBe(origin));
});

describe('routeOf', () => {
  it('a queue through the default exchange; an exchange with the given or the original routing key; a redrive to its origin', () => {
    expect(routeOf(message(), { kind: 'queue', queue: 'dst' })).toEqual({ exchange: '', routingKey: 'dst' });
    expect(routeOf(message(), { kind: 'exchange', exchange: 'logs', routingKey: 'a.b' })).toEqual({ exchange: 'logs', routingKey: 'a.b' });
    expect(routeOf(message({}, 'orig'), { kind: 'exchange', exchange: 'logs', routingKey: undefined })).toEqual({ exchange: 'logs', routingKey: 'orig' });
    expect(routeOf(message({ 'x-death': [{ queue: 'orders' }] }), { kind: 'redrive' })).toEqual({ exchange: '', routingKey: 'orders' });
    expect(routeOf(message(), { kind: 'redrive' })).toBeUndefined();
  });

  it('describes a route as the messages name it', () => {
    expect(describeRoute({ exchange: '', routingKey: 'work' })).toBe("queue 'work'");
    expect(describeRoute({ exchange: 'logs', routingKey: 'a.b' })).toBe("exchange 'logs' (routing key 'a.b')");
  });
});
