import { describe, expect, it } from 'vitest';
import { ALTERNATIVES, keysIn, RC_KEYS, RC_LIST_ROWS, rcPath } from '../../../../src/core/settings/rc-keys.js';

describe('the keys of an rc file', () => {
  it('are derived from the settings table: strings, then numbers, then switches, then mappings', () => {
    expect(RC_KEYS).toEqual([
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
    ]);
  });

  it('nest under their mapping', () => {
    expect(keysIn(['tls'])).toEqual(['ca', 'cert', 'key', 'passphrase', 'servername', 'insecure']);
    expect(keysIn(['nothing'])).toEqual([]);
    expect(rcPath({ rc: 'tls.ca' } as Parameters<typeof rcPath>[0])).toEqual(['tls', 'ca']);
  });

  it('name the keys that give one setting, of which a layer may hold one', () => {
    expect(ALTERNATIVES).toEqual([
      ['password', 'passwordEnv', 'passwordCommand'],
      ['url', 'urls'],
    ]);
    expect(RC_LIST_ROWS.map((row) => row.rcList)).toEqual(['urls']);
  });
});
