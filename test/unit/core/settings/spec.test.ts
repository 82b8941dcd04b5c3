import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addGlobalOptions, connectionFlags } from '../../../../src/commands/global-options.js';
import { RC_KEYS } from '../../../../src/core/settings/rc-schema.js';
import { SETTINGS } from '../../../../src/core/settings/spec.js';
import { CONNECTION_KEYS, DEFAULTS, ENV_NAMES, FIELD_KEYS, PATH_KEYS, SECRET_KEYS, TLS_KEYS } from '../../../../src/core/settings/types.js';

// What the table derives, pinned: these lists were written out by hand before spec.ts.
describe('the settings table', () => {
  it.each([
    [
      'config rows',
      CONNECTION_KEYS,
      [
        'host',
        'port',
        'vhost',
        'user',
        'password',
        'heartbeat',
        'timeout',
        'shuffle',
        'protocol',
        'apiUrl',
        'auth',
        'ca',
        'cert',
        'key',
        'passphrase',
        'servername',
        'insecure',
      ],
    ],
    [
      'fields',
      FIELD_KEYS,
      [
        'host',
        'port',
        'vhost',
        'user',
        'password',
        'heartbeat',
        'timeout',
        'shuffle',
        'apiUrl',
        'auth',
        'ca',
        'cert',
        'key',
        'passphrase',
        'servername',
        'insecure',
      ],
    ],
    ['TLS settings', TLS_KEYS, ['ca', 'cert', 'key', 'passphrase', 'servername', 'insecure']],
    ['paths', PATH_KEYS, ['ca', 'cert', 'key']],
    ['secrets', SECRET_KEYS, ['password', 'passphrase']],
    [
      'rc keys',
      RC_KEYS,
      [
        'url',
        'host',
        'vhost',
        'user',
        'password',
        'apiUrl',
        'auth',
        'passwordEnv',
        'passwordCommand',
        'urls',
        'port',
        'heartbeat',
        'timeout',
        'shuffle',
        'tls',
      ],
    ],
  ])('derives the %s', (_what, derived, expected) => {
    expect([...derived]).toEqual(expected);
  });

  it('derives the defaults and the environment variables', () => {
    expect(DEFAULTS).toEqual({
      protocol: 'amqp',
      host: 'localhost',
      port: 5672,
      vhost: '/',
      user: 'guest',
      password: 'guest',
      heartbeat: 60,
      timeout: 10_000,
      shuffle: false,
      auth: 'plain',
      insecure: false,
    });
    expect(ENV_NAMES).toMatchObject({ url: ['MQ_URL'], user: ['MQ_USER', 'MQ_NAME'], apiUrl: ['MQ_API_URL'], passphrase: ['MQ_KEY_PASSPHRASE'] });
    expect(Object.keys(ENV_NAMES)).toHaveLength(10);
  });

  it('puts every flag of the table on the program, checked where it is parsed', () => {
    const program = addGlobalOptions(new Command().exitOverride().configureOutput({ writeErr: () => {} }));
    const flags = SETTINGS.flatMap((row) => ('flag' in row ? [row.flag.flags] : []));
    expect(program.options.map((option) => option.flags).toSorted()).toEqual(flags.toSorted());
    expect(() => program.parse(['--port', '0'], { from: 'user' })).toThrow(/Expected a port number from 1 to 65535/);
    expect(() => program.parse(['--auth', 'kerberos'], { from: 'user' })).toThrow(/Allowed choices are plain, external/);
  });

  it('passes the resolver the flags it merges, and no others', () => {
    const options = new Command();
    addGlobalOptions(options).parse(['--port', '5673', '--ca', 'ca.pem', '--profile', 'prod', '--quiet', '--password-stdin'], { from: 'user' });
    const flags = connectionFlags(options.opts());
    expect(Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))).toEqual({ port: 5673, ca: 'ca.pem', profile: 'prod' });
  });
});
