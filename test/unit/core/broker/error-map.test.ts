import { describe, expect, it } from 'vitest';
import { parseBrokerReply } from '../../../../src/core/amqp/reply.js';
import { connectError, connectionLostError, operationError } from '../../../../src/core/broker/error-map.js';
import { BrokerError, UsageError } from '../../../../src/core/errors.js';

const target = { host: 'rabbit.local', port: 5672, vhost: 'prod', user: 'bob', timeout: 2000 };
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const reply = (code: string, text: string) => `Operation failed: QueueDeclare; ${code} with message "${text}"`;

describe('connectError', () => {
  // [what amqplib or node said, what we say, hint fragment]
  const cases: [string, Error, RegExp, RegExp][] = [
    [
      'refused',
      withCode('connect ECONNREFUSED 127.0.0.1:5672', 'ECONNREFUSED'),
      /^cannot connect to RabbitMQ at rabbit.local:5672: connection refused$/,
      /docker run/,
    ],
    ['unknown host', withCode('getaddrinfo ENOTFOUND rabbit.local', 'ENOTFOUND'), /^cannot resolve host 'rabbit.local'$/, /--host/],
    ['timeout', new Error('connect ETIMEDOUT'), /^no answer from rabbit.local:5672 within 2000 ms$/, /--timeout/],
    [
      'wrong password',
      new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN."'),
      /^login refused for user 'bob' at rabbit.local:5672 \(ACCESS_REFUSED\)$/,
      /--password/,
    ],
    ['unknown vhost', new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'), /^cannot open vhost 'prod' at rabbit.local:5672/, /--vhost/],
    ['not AMQP (HTTP port)', new Error('Frame size 1213486160 exceeds maxFrameSize 67108864'), /did not answer like an AMQP 0-9-1 broker/, /15672/],
    ['closed during handshake', new Error('Socket closed abruptly during opening handshake'), /did not answer like an AMQP 0-9-1 broker/, /5671/],
  ];
  it.each(cases)('%s', (_what, error, message, hint) => {
    const mapped = connectError(error, target);
    expect(mapped).toBeInstanceOf(BrokerError);
    expect(mapped.exitCode).toBe(1);
    expect(mapped.message).toMatch(message);
    expect(mapped.hint).toMatch(hint);
  });

  it.each([
    [
      'an unknown CA',
      withCode('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'),
      /^the certificate of rabbit.local:5672 is not signed by a CA mqcli trusts \(SELF_SIGNED_CERT_IN_CHAIN\)$/,
      /--ca/,
    ],
    [
      'a host name mismatch',
      Object.assign(withCode("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), {
        cert: { subjectaltname: 'DNS:other.example' },
      }),
      /^the certificate of rabbit.local:5672 is for DNS:other.example, not for rabbit.local$/,
      /--servername/,
    ],
    ['an expired certificate', withCode('certificate has expired', 'CERT_HAS_EXPIRED'), /^the certificate of rabbit.local:5672 has expired$/, /Renew/],
    [
      'TLS to a plain port',
      withCode('error:0A00010B:SSL routines::wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'),
      /^rabbit.local:5672 does not speak TLS$/,
      /amqp:\/\//,
    ],
    [
      'a wrong passphrase',
      withCode('error:1C800064:Provider routines::bad decrypt', 'ERR_OSSL_BAD_DECRYPT'),
      /^cannot decrypt the private key: wrong passphrase$/,
      /MQ_KEY_PASSPHRASE/,
    ],
    [
      'no client certificate',
      withCode('tlsv13 alert certificate required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'),
      /wants a client certificate$/,
      /--cert/,
    ],
    [
      'EXTERNAL not offered',
      new Error('SASL mechanism EXTERNAL is not provided by the server'),
      /does not offer certificate login/,
      /rabbitmq_auth_mechanism_ssl/,
    ],
  ])('TLS: %s', (_what, error, message, hint) => {
    const mapped = connectError(error, target);
    expect(mapped.message).toMatch(message);
    expect(mapped.hint).toMatch(hint);
  });

  it('passes our own errors through', () => {
    const own = new UsageError('x');
    expect(connectError(own, target)).toBe(own);
  });
});

describe('operationError', () => {
  const cases: [string, string, RegExp, RegExp | undefined][] = [
    [
      'missing queue',
      reply('404 (NOT-FOUND)', "NOT_FOUND - no queue 'jobs' in vhost '/'"),
      /^queue 'jobs' does not exist in vhost '\/'$/,
      /mqcli queue declare jobs/,
    ],
    [
      'missing exchange',
      reply('404 (NOT-FOUND)', "NOT_FOUND - no exchange 'logs' in vhost 'v'"),
      /^exchange 'logs' does not exist in vhost 'v'$/,
      /mqcli exchange declare logs/,
    ],
    [
      'durable differs',
      reply(
        '406 (PRECONDITION-FAILED)',
        "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'jobs' in vhost '/': received 'true' but current is 'false'",
      ),
      /^queue 'jobs' already exists with durable=false; this asked for durable=true \(PRECONDITION_FAILED\)$/,
      /mqcli queue delete jobs/,
    ],
    [
      'an argument the queue lacks',
      reply(
        '406 (PRECONDITION-FAILED)',
        "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'jobs' in vhost '/': received the value '10' of type 'byte' but current is none",
      ),
      /^queue 'jobs' already exists without x-max-length; this asked for x-max-length=10/,
      undefined,
    ],
    [
      'an argument the queue has',
      reply(
        '406 (PRECONDITION-FAILED)',
        "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'jobs' in vhost '/': received none but current is the value 'quorum' of type 'longstr'",
      ),
      /^queue 'jobs' already exists with x-queue-type=quorum; this asked for no x-queue-type/,
      undefined,
    ],
    [
      'reserved name',
      reply('403 (ACCESS-REFUSED)', "ACCESS_REFUSED - queue name 'amq.x' contains reserved prefix 'amq.*'"),
      /^queue name 'amq.x' is reserved/,
      /amq\. prefix/,
    ],
    [
      'exclusive elsewhere',
      reply(
        '405 (RESOURCE-LOCKED)',
        "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'q' in vhost '/'. It could be originally declared on another connection",
      ),
      /^queue 'q' is exclusive to another connection/,
      undefined,
    ],
    [
      '--if-empty refused',
      reply('406 (PRECONDITION-FAILED)', "PRECONDITION_FAILED - queue 'q' in vhost '/' not empty"),
      /^queue 'q' was not deleted: it still holds messages \(--if-empty\)$/,
      undefined,
    ],
    [
      '--if-unused refused',
      reply('406 (PRECONDITION-FAILED)', "PRECONDITION_FAILED - queue 'q' in vhost '/' in use"),
      /^queue 'q' was not deleted: it has consumers \(--if-unused\)$/,
      undefined,
    ],
    [
      'exchange in use',
      reply('406 (PRECONDITION-FAILED)', "PRECONDITION_FAILED - exchange 'x' in vhost '/' in use"),
      /^exchange 'x' was not deleted: something is bound to it/,
      undefined,
    ],
    [
      'a userId that is not ours',
      reply('406 (PRECONDITION-FAILED)', "PRECONDITION_FAILED - user_id property set to 'alice' but authenticated user was 'guest'"),
      /^a message's userId property \('alice'\) is not the user mqcli logged in as \('guest'\)/,
      /Remove userId/,
    ],
    [
      'a consumer timeout',
      reply(
        '406 (PRECONDITION-FAILED)',
        'PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: 2000 ms. This timeout value can be configured, see consumers doc guide to learn more',
      ),
      /^the broker stopped the consumer: no ack came within its consumer timeout \(2000 ms\)/,
      /back in the queue/,
    ],
    [
      'anything else',
      reply('406 (PRECONDITION-FAILED)', 'PRECONDITION_FAILED - message size 2000 is larger than configured max size 1000'),
      /^the broker refused: message size 2000 is larger than configured max size 1000 \(PRECONDITION_FAILED\)$/,
      undefined,
    ],
  ];
  it.each(cases)('%s', (_what, message, expected, hint) => {
    const mapped = operationError(new Error(message)) as BrokerError;
    expect(mapped.message).toMatch(expected);
    if (hint !== undefined) expect(mapped.hint).toMatch(hint);
    expect(mapped.exitCode).toBe(1);
  });
});

describe('connectionLostError', () => {
  it.each([
    [
      'Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - Closed via management plugin"',
      /^the broker closed the connection: Closed via management plugin \(CONNECTION_FORCED\)$/,
    ],
    ['Heartbeat timeout', /no heartbeat/],
    ['Unexpected close', /^lost the connection to rabbit.local:5672$/],
  ])('%s', (message, expected) => {
    expect(connectionLostError(new Error(message), target).message).toMatch(expected);
  });

  it('names the node when there are several', () => {
    const nodes = { ...target, endpoints: [target, { host: 'rabbit2.local', port: 5672 }] };
    const forced = 'Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - shutdown"';
    expect(connectionLostError(new Error(forced), nodes).message).toBe('the broker at rabbit.local:5672 closed the connection: shutdown (CONNECTION_FORCED)');
    expect(connectionLostError(new Error('Unexpected close'), nodes).message).toBe('lost the connection to rabbit.local:5672');
  });
});

describe('parseBrokerReply', () => {
  it('reads code, name and text', () => {
    expect(parseBrokerReply("Channel closed by server: 404 (NOT-FOUND) with message \"NOT_FOUND - no queue 'a' in vhost '/'\"")).toEqual({
      code: 404,
      name: 'NOT_FOUND',
      text: "no queue 'a' in vhost '/'",
    });
    expect(parseBrokerReply('connect ECONNREFUSED')).toBeUndefined();
  });
});
