import { describe, expect, it } from 'vitest';
import { queueSpec } from '../../../../src/core/amqp/queue-spec.js';

describe('queueSpec', () => {
  it('is durable, classic and argument-free by default', () => {
    expect(queueSpec({})).toEqual({ durable: true, exclusive: false, autoDelete: false, arguments: {} });
  });

  it('maps flags to x-arguments', () => {
    expect(
      queueSpec({ maxLength: 10, messageTtl: 0, deadLetterExchange: 'dlx', overflow: 'reject-publish', type: 'quorum', arg: ['x-delivery-limit=3'] }).arguments,
    ).toEqual({
      'x-max-length': 10,
      'x-message-ttl': 0,
      'x-dead-letter-exchange': 'dlx',
      'x-overflow': 'reject-publish',
      'x-queue-type': 'quorum',
      'x-delivery-limit': 3,
    });
  });

  it.each([
    [{ type: 'quorum', durable: false }, /quorum queue is always durable/],
    [{ type: 'stream', exclusive: true }, /stream queue cannot be exclusive/],
    [{ arg: ['x-queue-type=stream'], autoDelete: true }, /stream queue cannot be auto-delete/],
    [{ maxLength: 1, arg: ['x-max-length=2'] }, /x-max-length is given twice/],
    [{ type: 'classic', arg: ['x-queue-type=quorum'] }, /x-queue-type is given twice/],
  ] as const)('refuses %j', (options, message) => expect(() => queueSpec(options as never)).toThrow(message));
});
