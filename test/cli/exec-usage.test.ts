// listen --exec and request refuse bad flags and combinations with exit 2, before connecting
// (the fake env points at port 1: a command that connected would exit 1 instead).
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

describe('listen --exec and request refuse bad input with exit 2', () => {
  it.each([
    [['listen', 'q', '--exec', 'cat', '--no-ack'], /--no-ack would lose the messages whose command fails/],
    [['listen', 'q', '--exec', 'cat', '--json'], /--json formats the messages listen prints/],
    [['listen', 'q', '--exec', 'cat', '--format', 'pretty'], /--format pretty formats the messages/],
    [['listen', 'q', '--exec', 'cat', '--prefetch', '10'], /--prefetch follows --concurrency/],
    [['listen', 'q', '--exec', 'cat', '--peek'], /--exec cannot be combined with --peek/],
    [['listen', '--exchange', 'amq.topic', '--exec', 'cat'], /--exec cannot be combined with --exchange/],
    [['listen', 'q', '--exec', 'cat', '--reply', '--exec-output', 'json'], /with --reply the commands’ stdout is the reply/],
    [['listen', 'q', '--exec', ''], /--exec needs a command/],
    [['listen', 'q', '--on-error', 'reject'], /--on-error needs --exec/],
    [['listen', 'q', '--reply'], /--reply needs --exec/],
    [['listen', 'q', '--concurrency', '4'], /--concurrency needs --exec/],
    [['listen', 'q', '--exec', 'cat', '--on-error', 'ignore'], /Allowed choices are stop, requeue, reject/],
    [['listen', 'q', '--exec', 'cat', '--concurrency', '0'], /option '--concurrency <n>' argument '0' is invalid/],
    [['listen', 'q', '--exec', 'cat', '--exec-timeout', '1.5'], /option '--exec-timeout <seconds>' argument '1.5' is invalid/],
    [['listen', 'q', '--exec', 'cat', '--exec-output', 'xml'], /Allowed choices are lines, json/],
    [['request', 'rpc', 'x', '--reply-to', 'me'], /unknown option '--reply-to'/],
    [['request', 'rpc', 'x', '-H', 'novalue'], /--header expects key=value, not 'novalue'/],
    [['request', 'rpc', 'x', '--priority', '300'], /argument '300' is invalid/],
    [['request', 'rpc', 'x', '--timeout', 'soon'], /--timeout must be a number of seconds above 0, up to 86400, not 'soon'/],
    [['request', 'rpc', 'x', '--timeout', '0'], /--timeout must be a number of seconds above 0/],
    [['request', 'rpc', '--password-stdin'], /--password-stdin takes stdin for the password/],
    [['request'], /no queue given/],
  ])('%j', async (args, message) => {
    const result = await runMain(args, { input: 'pw\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/connection refused/);
  });
});
