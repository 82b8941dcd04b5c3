import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { describeSource } from '../../../../src/core/settings/describe.js';
import type { RcFile } from '../../../../src/core/settings/rc-schema.js';
import { resolveSettings, type SettingsInput } from '../../../../src/core/settings/resolve.js';

const PATH = '/home/me/.rabbitclirc';
const rc = (values: RcFile['values'], profiles: RcFile['profiles'] = {}): RcFile => ({ path: PATH, values, profiles, hasSecrets: false });
const input = (partial: Partial<SettingsInput>): SettingsInput => ({ flags: {}, env: {}, ...partial });

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
