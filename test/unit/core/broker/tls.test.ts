import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsOptions } from '../../../../src/core/broker/tls.js';
import type { ConnectionSettings } from '../../../../src/core/settings/types.js';
import { tempDir } from '../../../helpers/temp.js';

describe('tlsOptions and an encrypted key', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  // The legacy PEM encryption, whose padding check a wrong passphrase passes about once in 256.
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'right' });
  const file = join(tempDir(), 'key.pem');
  writeFileSync(file, pem);
  const settings = (passphrase: string) => ({ protocol: 'amqps', insecure: false, key: file, passphrase }) as unknown as ConnectionSettings;

  /** A wrong passphrase whose decryption passes the padding check and fails later, as garbage. */
  const unlucky = (() => {
    for (let i = 0; i < 5000; i++) {
      try {
        createPrivateKey({ key: pem, passphrase: `wrong-${i}` });
      } catch (error) {
        if (!/bad decrypt/i.test(String((error as Error).message))) return `wrong-${i}`;
      }
    }
    throw new Error('no unlucky passphrase found');
  })();

  it.each([['wrong'], [unlucky]])('names a wrong passphrase (%s) as such, whatever OpenSSL trips on', (passphrase) => {
    expect(() => tlsOptions(settings(passphrase))).toThrow(/^cannot decrypt the private key: wrong passphrase$/);
  });

  it('takes the right one', () => {
    expect(tlsOptions(settings('right')).passphrase).toBe('right');
  });
});
