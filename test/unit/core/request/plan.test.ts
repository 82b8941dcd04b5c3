import { describe, expect, it } from 'vitest';
import { planRequest } from '../../../../src/core/request/plan.js';

describe('planRequest', () => {
  const stdin = { isTTY: false, holdsPassword: false };

  it('waits 30 s unless told', () => {
    expect(planRequest('rpc', 'hi', {}, undefined, stdin, {}).timeoutMs).toBe(30_000);
    expect(planRequest('rpc', 'hi', {}, 5, stdin, {}).timeoutMs).toBe(5_000);
  });

  it.each([
    [{ replyTo: 'x' }, 'hi', stdin, /request sets reply-to itself/],
    [{}, undefined, { isTTY: true, holdsPassword: false }, /no message given/],
    [{}, undefined, { isTTY: false, holdsPassword: true }, /--password-stdin takes stdin/],
  ])('%j %j is refused', (flags, body, input, error) => {
    expect(() => planRequest('rpc', body, flags, undefined, input, {})).toThrow(error);
  });
});
