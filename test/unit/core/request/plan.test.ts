import { describe, expect, it } from 'vitest';
import { planRequest, type RequestFlags } from '../../../../src/core/request/plan.js';

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

const plan = (flags: RequestFlags, message: string | undefined = 'hello') =>
  planRequest('rpc', message, flags, undefined, { isTTY: false, holdsPassword: false }, {});

describe('planRequest --delimiter', () => {
  it("writes a newline after the reply by default, as listen's raw output does; --delimiter changes it, '' writes none", () => {
    expect(plan({}).delimiter).toEqual(Buffer.from('\n'));
    expect(plan({ delimiter: '' }).delimiter).toEqual(Buffer.alloc(0));
    expect(plan({ delimiter: '\\0' }).delimiter).toEqual(Buffer.from([0]));
    expect(plan({ delimiter: '\\r\\n' }).delimiter).toEqual(Buffer.from('\r\n'));
  });

  it('refuses --delimiter with --json, which prints one envelope per line', () => {
    expect(() => plan({ json: true, delimiter: '' })).toThrow('--delimiter is for the raw body; --json prints one envelope per line');
  });

  it('refuses before connecting what amqplib would refuse at publish time', () => {
    expect(() => plan({ messageId: 'm'.repeat(300) })).toThrow(/--message-id is 300 bytes long/);
    expect(() => plan({ header: [`k=${'a'.repeat(70_000)}`] })).toThrow(/the --header values take 70,011 bytes/);
    expect(() => planRequest('a\nb', 'x', {}, undefined, { isTTY: false, holdsPassword: false }, {})).toThrow(/holds the control character/);
  });
});
