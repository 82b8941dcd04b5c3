import type { Message } from 'amqplib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseEnvironment, MESSAGE_VARIABLES, messageEnvironment } from '../../../../src/core/exec/env.js';
import { typedDelivery } from '../../../helpers/typed-message.js';

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
