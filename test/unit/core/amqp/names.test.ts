import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { queueName } from '../../../../src/core/amqp/names.js';

describe('queueName', () => {
  it('takes the argument, else QUEUE_NAME', () => {
    expect(queueName('a', { QUEUE_NAME: 'b' })).toBe('a');
    expect(queueName(undefined, { QUEUE_NAME: 'b' })).toBe('b');
  });
  it('refuses a missing, empty or overlong name', () => {
    expect(() => queueName(undefined, {})).toThrow(UsageError);
    expect(() => queueName('', {})).toThrow(/empty/);
    expect(() => queueName('é'.repeat(128), {})).toThrow(/255 bytes/);
  });
});
