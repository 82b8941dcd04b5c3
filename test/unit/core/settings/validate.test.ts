import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { resolveSettings } from '../../../../src/core/settings/resolve.js';
import { checkApiUrl, checkChoice, checkInteger, checkTls, defaultApiUrl } from '../../../../src/core/settings/validate.js';

const PORT = { min: 1, max: 65_535, expected: 'a port number from 1 to 65535' };
const where = () => 'MQ_PORT';

describe('checkInteger', () => {
  it.each([
    ['5672', 5672],
    [' 42 ', 42],
    [1, 1],
    [65_535, 65_535],
  ])('takes %j', (value, expected) => expect(checkInteger(value, PORT, where)).toBe(expected));

  it.each(['0', '65536', '1.5', 'abc', '', '0x10', 1.5, '5672\nnext'])('refuses %j, on one line', (value) => {
    expect(() => checkInteger(value, PORT, where)).toThrow(ConfigError);
    expect(() => checkInteger(value, PORT, where)).toThrow(/^MQ_PORT must be a port number from 1 to 65535, not '[^\n]*'$/);
  });
});

describe('checkChoice', () => {
  it('takes a choice and names the others when refusing', () => {
    expect(checkChoice('external', ['plain', 'external'], () => 'auth')).toBe('external');
    expect(() => checkChoice('kerberos', ['plain', 'external'], () => 'auth')).toThrow("auth must be plain or external, not 'kerberos'");
  });
});

describe('checkTls', () => {
  const settings = (flags: Record<string, unknown>) => resolveSettings({ flags, env: {} });

  // resolveSettings checks them too, so the refused cases start from settings it took.
  it('refuses a TLS setting on a plain amqp:// connection, naming where it came from', () => {
    const { connection, sources } = settings({ url: 'amqps://h', ca: '/ca.pem' });
    const plain = { ...connection, protocol: 'amqp' as const, apiUrl: 'http://h:15672' };
    expect(() => checkTls(plain, sources)).toThrow(/^--ca is a TLS setting, but the connection is plain amqp:\/\/$/);
  });

  it('takes TLS settings with amqps://, or with an https:// management API alone', () => {
    const secure = settings({ url: 'amqps://h', ca: '/ca.pem' });
    expect(() => checkTls(secure.connection, secure.sources)).not.toThrow();
    const api = settings({ apiUrl: 'https://h:15671', ca: '/ca.pem' });
    expect(() => checkTls(api.connection, api.sources)).not.toThrow();
  });

  it('refuses certificate login without TLS and a client certificate', () => {
    const { connection, sources } = settings({ url: 'amqps://h' });
    expect(() => checkTls({ ...connection, auth: 'external' }, sources)).toThrow('certificate login (auth external) needs TLS with a client certificate');
  });
});

describe('the management API URL', () => {
  it.each([
    [{ protocol: 'amqp', host: 'rabbit' }, 'http://rabbit:15672'],
    [{ protocol: 'amqps', host: 'rabbit' }, 'https://rabbit:15672'],
    [{ protocol: 'amqp', host: '::1' }, 'http://[::1]:15672'],
  ] as const)('defaults to the broker host: %j', (connection, url) => {
    expect(defaultApiUrl(connection as Parameters<typeof defaultApiUrl>[0])).toBe(url);
  });

  it('keeps a valid http(s) URL without trailing slashes, and refuses anything else', () => {
    expect(checkApiUrl('http://h:15672//', '--api-url')).toBe('http://h:15672');
    expect(() => checkApiUrl('ftp://h', '--api-url')).toThrow('--api-url must start with http:// or https://');
    expect(() => checkApiUrl('http://bob:secret@', '--api-url')).toThrow(/^--api-url is not a valid URL: http:\/\/bob:\*\*\*@$/);
  });
});
