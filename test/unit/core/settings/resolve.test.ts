import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { describeSource } from '../../../../src/core/settings/describe.js';
import type { RcFile } from '../../../../src/core/settings/rc-schema.js';
import { resolveSettings, type SettingsInput } from '../../../../src/core/settings/resolve.js';
import type { SettingKey } from '../../../../src/core/settings/types.js';

const rc = (values: RcFile['values'], profiles: RcFile['profiles'] = {}): RcFile => ({ path: '/home/me/.rabbitclirc', values, profiles, hasSecrets: false });
const input = (partial: Partial<SettingsInput>): SettingsInput => ({ flags: {}, env: {}, ...partial });

describe('resolveSettings', () => {
  it('uses the defaults when nothing is given', () => {
    const { connection, sources } = resolveSettings(input({}));
    expect(connection).toEqual({
      protocol: 'amqp',
      host: 'localhost',
      port: 5672,
      vhost: '/',
      user: 'guest',
      password: 'guest',
      heartbeat: 60,
      timeout: 10000,
      shuffle: false,
      endpoints: [{ host: 'localhost', port: 5672 }],
      apiUrl: 'http://localhost:15672',
      auth: 'plain',
      insecure: false,
      ca: undefined,
      cert: undefined,
      key: undefined,
      passphrase: undefined,
      servername: undefined,
    });
    expect(sources.host).toEqual({ kind: 'default', name: 'default' });
  });

  // [what, input, key, expected value, expected source description]
  const cases: [string, Partial<SettingsInput>, SettingKey, unknown, string][] = [
    ['a flag beats the environment', { flags: { host: 'flag-host' }, env: { MQ_HOST: 'env-host' } }, 'host', 'flag-host', '--host'],
    ['the environment beats the rc file', { env: { MQ_PORT: '5700' }, rc: rc({ port: 5800 }) }, 'port', 5700, 'MQ_PORT'],
    ['the rc file beats the defaults', { rc: rc({ vhost: 'rc-vhost' }) }, 'vhost', 'rc-vhost', '/home/me/.rabbitclirc'],
    ['the environment beats .env', { env: { MQ_USER: 'env', MQ_NAME: 'dot' }, dotenvKeys: new Set(['MQ_NAME']) }, 'user', 'env', 'MQ_USER'],
    ['.env beats the rc file', { env: { MQ_HOST: 'dot' }, dotenvKeys: new Set(['MQ_HOST']), rc: rc({ host: 'rc' }) }, 'host', 'dot', 'MQ_HOST in .env'],
    ['MQ_NAME is the user (the tutorial)', { env: { MQ_NAME: 'tutorial' } }, 'user', 'tutorial', 'MQ_NAME'],
    ['MQ_USER wins over MQ_NAME', { env: { MQ_USER: 'user', MQ_NAME: 'name' } }, 'user', 'user', 'MQ_USER'],
    ['empty variables count as unset', { env: { MQ_HOST: '' } }, 'host', 'localhost', 'default'],
    [
      'a profile beats the top level',
      { flags: { profile: 'prod' }, rc: rc({ host: 'top' }, { prod: { host: 'prod-host' } }) },
      'host',
      'prod-host',
      '/home/me/.rabbitclirc (profile prod)',
    ],
    [
      'MQ_PROFILE selects a profile',
      { env: { MQ_PROFILE: 'prod' }, rc: rc({}, { prod: { port: 5999 } }) },
      'port',
      5999,
      '/home/me/.rabbitclirc (profile prod)',
    ],
    ['the top level applies under a profile', { flags: { profile: 'prod' }, rc: rc({ user: 'top' }, { prod: {} }) }, 'user', 'top', '/home/me/.rabbitclirc'],
    ['a URL sets its host', { env: { MQ_URL: 'amqp://bob:pw@rabbit.example:5999/prod' } }, 'host', 'rabbit.example', 'MQ_URL'],
    ['a URL sets its vhost, decoded', { flags: { url: 'amqp://h/%2Fstaging' } }, 'vhost', '/staging', '--url'],
    ['a URL without a port means the scheme default', { rc: rc({ port: 5999 }), env: { MQ_URL: 'amqp://h' } }, 'port', 5672, 'MQ_URL'],
    ['amqps defaults to 5671', { flags: { url: 'amqps://h' } }, 'port', 5671, '--url'],
    ['a URL without a vhost leaves it to lower sources', { rc: rc({ vhost: 'rc-v' }), env: { MQ_URL: 'amqp://h' } }, 'vhost', 'rc-v', '/home/me/.rabbitclirc'],
    [
      'a URL without credentials leaves them to lower sources',
      { rc: rc({ user: 'rc-user' }), env: { MQ_URL: 'amqp://h' } },
      'user',
      'rc-user',
      '/home/me/.rabbitclirc',
    ],
    ['a field overrides the URL of the same source', { env: { MQ_URL: 'amqp://a:b@h:1234/v', MQ_PORT: '4321' } }, 'port', 4321, 'MQ_PORT'],
    ['a field overrides a URL from a lower source', { flags: { vhost: 'flag-v' }, env: { MQ_URL: 'amqp://h/env-v' } }, 'vhost', 'flag-v', '--vhost'],
    ['a URL overrides fields from lower sources', { rc: rc({ host: 'rc-host' }), flags: { url: 'amqp://url-host' } }, 'host', 'url-host', '--url'],
    ['a URL password is percent-decoded', { flags: { url: 'amqp://bob:p%40ss%3Aw%C3%B6rd%2F%25@h' } }, 'password', 'p@ss:wörd/%', '--url'],
    ['heartbeat from a URL parameter', { env: { MQ_URL: 'amqp://h?heartbeat=5' } }, 'heartbeat', 5, 'MQ_URL'],
    ['timeout from MQ_TIMEOUT', { env: { MQ_TIMEOUT: '2500' } }, 'timeout', 2500, 'MQ_TIMEOUT'],
    ['heartbeat 0 turns it off', { flags: { heartbeat: 0 } }, 'heartbeat', 0, '--heartbeat'],
    ['the API URL follows the host', { env: { MQ_HOST: 'rabbit.example' } }, 'apiUrl', 'http://rabbit.example:15672', 'default'],
    ['the API URL is https for amqps', { flags: { url: 'amqps://h' } }, 'apiUrl', 'https://h:15672', 'default'],
    ['--api-url, without a trailing slash', { flags: { apiUrl: 'http://mgmt:8080/' } }, 'apiUrl', 'http://mgmt:8080', '--api-url'],
    ['apiUrl in the rc file', { rc: rc({ apiUrl: 'https://mgmt' }) }, 'apiUrl', 'https://mgmt', '/home/me/.rabbitclirc'],
    ['MQ_API_URL', { env: { MQ_API_URL: 'http://m:1' } }, 'apiUrl', 'http://m:1', 'MQ_API_URL'],
    ['--ca relative to the current folder', { flags: { url: 'amqps://h', ca: 'certs/ca.pem' }, cwd: '/work' }, 'ca', '/work/certs/ca.pem', '--ca'],
    ['MQ_KEY_PASSPHRASE', { flags: { url: 'amqps://h' }, env: { MQ_KEY_PASSPHRASE: 'pp' } }, 'passphrase', 'pp', 'MQ_KEY_PASSPHRASE'],
    ['--insecure', { flags: { url: 'amqps://h', insecure: true } }, 'insecure', true, '--insecure'],
    ['--ca for an https:// management API over plain AMQP', { flags: { apiUrl: 'https://m', ca: '/ca.pem' } }, 'ca', '/ca.pem', '--ca'],
    ['auth external with a certificate', { flags: { url: 'amqps://h', auth: 'external', cert: '/c', key: '/k' } }, 'auth', 'external', '--auth'],
    ['passwordEnv in the rc file', { rc: rc({ passwordEnv: 'SECRET' }), env: { SECRET: 's3' } }, 'password', 's3', 'passwordEnv in /home/me/.rabbitclirc'],
    ['MQ_PASSWORD over passwordEnv', { rc: rc({ passwordEnv: 'SECRET' }), env: { SECRET: 's3', MQ_PASSWORD: 'env' } }, 'password', 'env', 'MQ_PASSWORD'],
    [
      'a profile password over a top-level passwordCommand',
      { flags: { profile: 'p' }, rc: rc({ passwordCommand: 'x' }, { p: { password: 'pp' } }) },
      'password',
      'pp',
      '/home/me/.rabbitclirc (profile p)',
    ],
  ];
  it.each(cases)('%s', (_what, given, key, value, source) => {
    const resolved = resolveSettings(input(given));
    expect(resolved.connection[key]).toEqual(value);
    expect(describeSource(resolved.sources[key])).toBe(source);
  });

  // [what, input, message fragment]
  const failures: [string, Partial<SettingsInput>, RegExp][] = [
    ['a non-numeric MQ_PORT', { env: { MQ_PORT: 'abc' } }, /MQ_PORT must be a port number from 1 to 65535, not 'abc'/],
    ['a port out of range in the rc file', { rc: rc({ port: 70000 }) }, /port in \/home\/me\/.rabbitclirc must be a port number/],
    ['a negative heartbeat in .env', { env: { MQ_HEARTBEAT: '-1' }, dotenvKeys: new Set(['MQ_HEARTBEAT']) }, /MQ_HEARTBEAT in .env must be whole seconds/],
    ['a fractional timeout', { env: { MQ_TIMEOUT: '1.5' } }, /MQ_TIMEOUT must be whole milliseconds/],
    ['a URL with another scheme', { env: { MQ_URL: 'http://h' } }, /MQ_URL must start with amqp:\/\/ or amqps:\/\//],
    ['a URL that does not parse', { flags: { url: 'amqp://bob:secret@' } }, /--url (is not a valid URL|has no host)/],
    ['an unknown URL parameter', { env: { MQ_URL: 'amqp://h?frame_max=1' } }, /unsupported parameter 'frame_max'/],
    ['a profile without an rc file', { flags: { profile: 'prod' } }, /profile 'prod' \(from --profile\) needs an rc file/],
    [
      'an unknown profile',
      { env: { MQ_PROFILE: 'nope' }, rc: rc({}, { prod: {}, dev: {} }) },
      /profile 'nope' \(from MQ_PROFILE\) is not defined in \/home\/me\/.rabbitclirc/,
    ],
    ['an API URL that is not http', { env: { MQ_API_URL: 'amqp://h' } }, /MQ_API_URL must start with http:\/\/ or https:\/\//],
    ['an API URL that does not parse', { flags: { apiUrl: 'nope' } }, /--api-url is not a valid URL/],
    ['TLS settings on amqp://', { rc: rc({ ca: '/ca.pem' }) }, /ca in \/home\/me\/.rabbitclirc is a TLS setting, but the connection is plain amqp:\/\//],
    ['--insecure on amqp://', { flags: { insecure: true } }, /--insecure is a TLS setting/],
    [
      'auth external without a certificate',
      { flags: { url: 'amqps://h', auth: 'external' } },
      /certificate login \(auth external\) needs TLS with a client certificate/,
    ],
    ['an unknown auth', { rc: rc({ auth: 'kerberos' }) }, /auth in \/home\/me\/.rabbitclirc must be plain or external, not 'kerberos'/],
    ['passwordEnv naming an unset variable', { rc: rc({ passwordEnv: 'NOPE' }) }, /passwordEnv in \/home\/me\/.rabbitclirc names NOPE, which is not set/],
  ];
  it.each(failures)('refuses %s', (_what, given, message) => {
    expect(() => resolveSettings(input(given))).toThrow(ConfigError);
    expect(() => resolveSettings(input(given))).toThrow(message);
  });

  it('never puts a URL password into an error', () => {
    expect(() => resolveSettings(input({ env: { MQ_URL: 'amqp://bob:hunter2@h?bad=1' } }))).not.toThrow(/hunter2/);
    expect(() => resolveSettings(input({ env: { MQ_URL: 'amqp://bob:hunter2@:99999' } }))).toThrow(/^(?!.*hunter2)/);
  });

  it('names the defined profiles when one is missing', () => {
    try {
      resolveSettings(input({ flags: { profile: 'x' }, rc: rc({}, { prod: {}, dev: {} }) }));
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).hint).toBe('Defined profiles: prod, dev');
    }
  });
});

describe('passwordCommand', () => {
  it('is handed to the loader when it gives the password, and not when something higher does', () => {
    const fromCommand = resolveSettings(input({ rc: rc({ passwordCommand: 'pass show mq' }) }));
    expect(fromCommand.passwordCommand).toEqual({ command: 'pass show mq', where: 'passwordCommand in /home/me/.rabbitclirc' });
    expect(resolveSettings(input({ rc: rc({ passwordCommand: 'pass show mq' }), flags: { password: 'flag' } })).passwordCommand).toBeUndefined();
  });
});

const PATH = '/home/me/.rabbitclirc';

describe('a bad value in the rc file is an error even where it is not used', () => {
  it.each([
    [
      'a port that MQ_URL overrides',
      { env: { MQ_URL: 'amqp://h:5672' }, rc: rc({ port: 'notanumber' }) },
      /^port in \/home\/me\/\.rabbitclirc must be a port number/,
    ],
    ['a port that --port overrides', { flags: { port: 5673 }, rc: rc({ port: 'notanumber' }) }, /^port in \/home\/me\/\.rabbitclirc must be/],
    ['a heartbeat that MQ_HEARTBEAT overrides', { env: { MQ_HEARTBEAT: '5' }, rc: rc({ heartbeat: -1 }) }, /^heartbeat in .* must be whole seconds/],
    [
      'a url that MQ_URL overrides',
      { env: { MQ_URL: 'amqp://h' }, rc: rc({ url: 'http://x' }) },
      /^url in \/home\/me\/\.rabbitclirc must start with amqp:\/\//,
    ],
    ['an apiUrl that --api-url overrides', { flags: { apiUrl: 'http://h:15672' }, rc: rc({ apiUrl: 'ftp://x' }) }, /^apiUrl in .* must start with http/],
    ['an auth choice that --auth overrides', { flags: { auth: 'plain' }, rc: rc({ auth: 'kerberos' }) }, /^auth in .* must be plain or external/],
    ['a profile that is not chosen', { rc: rc({}, { prod: { timeout: 'soon' } }) }, /^timeout in \/home\/me\/\.rabbitclirc \(profile prod\) must be/],
  ] as [string, Partial<SettingsInput>, RegExp][])('%s', (_what, partial, message) => {
    expect(() => resolveSettings(input(partial))).toThrow(ConfigError);
    expect(() => resolveSettings(input(partial))).toThrow(message);
  });

  it('takes the same file when its values are good', () => {
    const { connection } = resolveSettings(input({ env: { MQ_URL: 'amqp://h:5672' }, rc: rc({ port: '5673' }, { prod: { timeout: 500 } }) }));
    expect(connection.port).toBe(5672);
  });
});

describe('an explicit --profile outranks the environment for the keys it sets', () => {
  const file = rc({ vhost: 'top' }, { prod: { url: 'amqp://prod-user:pw@prod-host:5673/prod-vhost' }, vh: { vhost: 'from-profile' } });

  it('--profile with a url beats MQ_URL and MQ_VHOST, every part of its URL', () => {
    const { connection, sources, profileOutranksEnv } = resolveSettings(
      input({ flags: { profile: 'prod' }, env: { MQ_URL: 'amqp://env-host:5672', MQ_VHOST: 'env-vhost' }, rc: file }),
    );
    expect(connection).toMatchObject({ host: 'prod-host', port: 5673, vhost: 'prod-vhost', user: 'prod-user' });
    expect(describeSource(sources.host)).toBe(`url in ${PATH} (profile prod)`);
    expect(profileOutranksEnv).toBe(true);
  });

  it('--profile beats the environment only for the keys it sets: the rest still comes from MQ_URL', () => {
    const { connection, sources } = resolveSettings(input({ flags: { profile: 'vh' }, env: { MQ_URL: 'amqp://env-host:5672/env-vhost' }, rc: file }));
    expect(connection).toMatchObject({ host: 'env-host', vhost: 'from-profile' });
    expect(describeSource(sources.host)).toBe('MQ_URL');
  });

  it('a flag still beats the profile', () => {
    expect(resolveSettings(input({ flags: { profile: 'prod', host: 'flag-host' }, rc: file })).connection.host).toBe('flag-host');
  });

  it('MQ_PROFILE stays beneath the environment, as before', () => {
    const { connection, profileOutranksEnv } = resolveSettings(input({ env: { MQ_PROFILE: 'prod', MQ_URL: 'amqp://env-host:5672' }, rc: file }));
    expect(connection.host).toBe('env-host');
    expect(profileOutranksEnv).toBe(false);
  });
});
