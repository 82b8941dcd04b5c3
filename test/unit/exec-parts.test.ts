import type { Message } from 'amqplib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../src/core/exec/child.js';
import { hasDeadLetter } from '../../src/core/exec/dead-letter.js';
import { baseEnvironment, MESSAGE_VARIABLES, messageEnvironment } from '../../src/core/exec/env.js';
import { LineBuffer, lineSink } from '../../src/core/exec/output.js';
import { planExec } from '../../src/core/exec/plan.js';
import { planRequest } from '../../src/core/request/plan.js';
import { typedDelivery } from '../helpers/typed-message.js';

const message = (properties: Record<string, unknown> = {}, content = 'body'): Message =>
  typedDelivery({
    content: Buffer.from(content),
    fields: { deliveryTag: 7, redelivered: true, exchange: 'ex', routingKey: 'rk' },
    properties: { headers: {}, ...properties },
  }) as unknown as Message;

describe('messageEnvironment', () => {
  const at = new Date('2026-01-02T03:04:05Z');

  it('gives every field and property, the headers as the envelope writes them', () => {
    const env = messageEnvironment(
      message({
        contentType: 'text/plain',
        contentEncoding: 'gzip',
        correlationId: 'c1',
        messageId: 'm1',
        replyTo: 'back',
        type: 't',
        appId: 'app',
        userId: 'guest',
        timestamp: 1_700_000_000,
        priority: 5,
        expiration: '60000',
        headers: { a: '1', bytes: Buffer.from([1, 2]), n: 3 },
      }),
      { PATH: '/bin' },
      at,
    );
    expect(env).toEqual({
      PATH: '/bin',
      MQ_EXCHANGE: 'ex',
      MQ_ROUTING_KEY: 'rk',
      MQ_REDELIVERED: 'true',
      MQ_DELIVERY_TAG: '7',
      MQ_CONTENT_TYPE: 'text/plain',
      MQ_CONTENT_ENCODING: 'gzip',
      MQ_CORRELATION_ID: 'c1',
      MQ_MESSAGE_ID: 'm1',
      MQ_REPLY_TO: 'back',
      MQ_TYPE: 't',
      MQ_APP_ID: 'app',
      MQ_USER_ID: 'guest',
      MQ_TIMESTAMP: '2023-11-14T22:13:20.000Z',
      MQ_PRIORITY: '5',
      MQ_EXPIRATION: '60000',
      MQ_HEADERS: '{"a":"1","bytes":{"!":"bytes","value":"AQI="},"n":3}',
    });
  });

  it('unsets the variables of properties the message lacks, even when the caller had them', () => {
    const inherited = Object.fromEntries(MESSAGE_VARIABLES.map((name) => [name, 'stale']));
    const env = messageEnvironment(message(), inherited, at);
    expect(Object.keys(env).sort()).toEqual(['MQ_DELIVERY_TAG', 'MQ_EXCHANGE', 'MQ_HEADERS', 'MQ_REDELIVERED', 'MQ_ROUTING_KEY']);
    expect(env.MQ_HEADERS).toBe('{}');
  });

  it('never holds a NUL, which an environment cannot', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const env = messageEnvironment(message({ messageId: text, type: text }), {}, at);
        expect(Object.values(env).some((value) => value.includes('\0'))).toBe(false);
      }),
    );
  });
});

describe('baseEnvironment', () => {
  it.each([
    ['a password from .env is not passed on', { MQ_PASSWORD: 's3cret' }, ['MQ_PASSWORD'], 's3cret', {}],
    ['the caller’s own password is', { MQ_PASSWORD: 's3cret' }, [], 's3cret', { MQ_PASSWORD: 's3cret' }],
    ['a passphrase from .env is not', { MQ_KEY_PASSPHRASE: 'p', X: '1' }, ['MQ_KEY_PASSPHRASE'], undefined, { X: '1' }],
    ['a URL from .env loses its password', { MQ_URL: 'amqp://u:pw@h:1/v' }, ['MQ_URL'], 'pw', { MQ_URL: 'amqp://u@h:1/v' }],
    ['the caller’s URL is theirs', { MQ_URL: 'amqp://u:pw@h:1/v' }, [], 'pw', { MQ_URL: 'amqp://u:pw@h:1/v' }],
    ['a .env variable holding the password (passwordEnv) is not', { RABBIT_PW: 'pw', OTHER: 'x' }, ['RABBIT_PW', 'OTHER'], 'pw', { OTHER: 'x' }],
  ])('%s', (_name, env, dotenv, password, expected) => {
    expect(baseEnvironment(env, new Set(dotenv), password)).toEqual(expected);
  });
});

describe('LineBuffer', () => {
  const run = (chunks: string[]) => {
    const writes: string[] = [];
    const buffer = new LineBuffer((lines) => writes.push(lines.toString()) > 0);
    for (const chunk of chunks) buffer.push(Buffer.from(chunk));
    buffer.end();
    return writes;
  };

  it.each([
    [['a\nb\n'], ['a\nb\n']],
    [
      ['a', 'b\nc'],
      ['ab\n', 'c\n'],
    ],
    [['no newline'], ['no newline\n']],
    [['', '\n'], ['\n']],
    [[], []],
  ])('%j is written as %j', (chunks, writes) => {
    expect(run(chunks)).toEqual(writes);
  });

  it('writes only whole lines, and every byte once, however the output is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab\n]{0,8}$/)), (chunks) => {
        const writes = run(chunks);
        expect(writes.every((write) => write.endsWith('\n'))).toBe(true);
        const all = chunks.join('');
        expect(writes.join('')).toBe(all === '' || all.endsWith('\n') ? all : `${all}\n`);
      }),
    );
  });
});

describe('lineSink json', () => {
  it('wraps each line with its message', () => {
    let written = '';
    const write = (text: string) => {
      written += text;
      return true;
    };
    const stream = { write } as unknown as NodeJS.WritableStream;
    lineSink(stream, 'json', { messageId: 'm1', deliveryTag: 3 }, 'stderr')(Buffer.from('one\ntwo "q"\n'));
    expect(
      written
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { messageId: 'm1', deliveryTag: 3, stream: 'stderr', line: 'one' },
      { messageId: 'm1', deliveryTag: 3, stream: 'stderr', line: 'two "q"' },
    ]);
  });
});

describe('planExec', () => {
  const plan = (flags: Record<string, unknown>) => planExec('q', { exec: 'cat', ...flags }, {});

  it('defaults: stop on error, one at a time, lines as they are', () => {
    expect(plan({})).toMatchObject({ queue: 'q', command: 'cat', onError: 'stop', concurrency: 1, output: 'lines', reply: false, declare: true });
  });

  it.each([
    [{ ack: false }, /--no-ack would lose the messages whose command fails/],
    [{ json: true }, /--json formats the messages listen prints/],
    [{ format: 'raw' }, /--format raw formats/],
    [{ delimiter: ',' }, /--delimiter formats/],
    [{ prefetch: 5 }, /--prefetch follows --concurrency/],
    [{ peek: true }, /--exec cannot be combined with --peek/],
    [{ exchange: 'x' }, /--exec cannot be combined with --exchange/],
    [{ offset: 'first' }, /--exec cannot be combined with --offset/],
    [{ reply: true, execOutput: 'json' }, /with --reply the commands’ stdout is the reply/],
    [{ exec: '  ' }, /--exec needs a command/],
  ])('%j is refused', (flags, error) => {
    expect(() => plan(flags)).toThrow(error);
  });
});

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

describe('hasDeadLetter', () => {
  it.each([
    [{ arguments: { 'x-dead-letter-exchange': '' } }, true],
    [{ arguments: {}, effective_policy_definition: { 'dead-letter-exchange': 'dlx' } }, true],
    [{ arguments: {}, effective_policy_definition: [] }, false],
    [{}, false],
  ])('%j → %s', (info, expected) => {
    expect(hasDeadLetter(info)).toBe(expected);
  });
});

describe('commandLine', () => {
  it.each([
    ['cat', ['cat', []]],
    ['./handle.sh --fast -n 3', ['./handle.sh', ['--fast', '-n', '3']]],
    ['tr a-z A-Z', ['tr', ['a-z', 'A-Z']]],
    ['sort key=value', ['sort', ['key=value']]],
    ['FOO=1 cat', ['/bin/sh', ['-c', 'FOO=1 cat']]],
    ['cat | wc -l', ['/bin/sh', ['-c', 'cat | wc -l']]],
    ['echo "$MQ_TYPE"', ['/bin/sh', ['-c', 'echo "$MQ_TYPE"']]],
    ['exit 3', ['/bin/sh', ['-c', 'exit 3']]],
    ['read x', ['/bin/sh', ['-c', 'read x']]],
    ['ls ~', ['/bin/sh', ['-c', 'ls ~']]],
    ['ls *.txt', ['/bin/sh', ['-c', 'ls *.txt']]],
    ['a; b', ['/bin/sh', ['-c', 'a; b']]],
    ['cat # note', ['/bin/sh', ['-c', 'cat # note']]],
  ])('%j runs as %j', (command, expected) => {
    expect(commandLine(command)).toEqual(expected);
  });
});
