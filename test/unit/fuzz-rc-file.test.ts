import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadRcFile } from '../../src/core/settings/rc-file.js';
import { parseRcContent, RC_KEYS } from '../../src/core/settings/rc-schema.js';
import { resolveSettings } from '../../src/core/settings/resolve.js';
import { cleanOutcome } from '../helpers/clean-error.js';
import { tempDir } from '../helpers/temp.js';

const RUNS = { numRuns: 300 };
const folder = tempDir('mqcli-fuzz-rc-');
const KEYS = [...RC_KEYS, 'profiles', 'tls', 'pasword', 'tls.ca', ''];
const TLS_KEYS = ['ca', 'cert', 'key', 'passphrase', 'servername', 'insecure', 'certs'];
const anyValue = fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 40 }));
const name = fc.oneof(fc.constantFrom(...KEYS), fc.string({ unit: 'binary', maxLength: 10 }));
const layer = fc.dictionary(name, fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...TLS_KEYS), anyValue, { maxKeys: 3 })), { maxKeys: 5 });
const rcContent = fc.oneof(anyValue, layer, fc.record({ profiles: fc.oneof(anyValue, fc.dictionary(name, fc.oneof(layer, anyValue), { maxKeys: 3 })) }));
/** A password that cannot turn up in a message by chance. */
const password = fc.stringMatching(/^[A-Za-z0-9@:/%#?!' "\\-]{4,16}$/).map((rest) => `Zq${rest}`);

/** Loads `content` as an rc file named `file`, then resolves settings from it. */
async function loadAndResolve(file: string, content: string, profile?: string) {
  const path = join(folder, file);
  writeFileSync(path, content);
  const rc = await loadRcFile({ configPath: path, cwd: folder });
  return resolveSettings({ flags: { profile }, env: {}, rc });
}

describe('rc files full of garbage', () => {
  it('parseRcContent: settings, or a ConfigError with one clean line', async () => {
    await fc.assert(
      fc.asyncProperty(rcContent, async (content) => {
        const outcome = await cleanOutcome(() => parseRcContent(content, '/home/me/.rabbitclirc'), ConfigError);
        if (!(outcome instanceof Error)) await cleanOutcome(() => resolveSettings({ flags: {}, env: {}, rc: outcome }), ConfigError);
      }),
      RUNS,
    );
  });

  it('random bytes as YAML, JSON or a file without extension', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('.rabbitclirc', 'rc.yaml', 'rc.json'), fc.string({ unit: 'binary', maxLength: 120 }), async (file, content) => {
        await cleanOutcome(() => loadAndResolve(file, content), ConfigError);
      }),
      { numRuns: 200 },
    );
  });

  it('a password in a broken file never shows in the message', async () => {
    const lines = fc.array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.constantFrom('user: bob', 'port: x', 'profiles:', '  prod:', '  - a', '{', '"', "'", 'tls:', '  passphrase: ['),
      ),
      { maxLength: 4 },
    );
    const passwordLine = fc.constantFrom(
      'password: {}',
      'password: "{}"',
      "password: '{}",
      '"password": "{}',
      'url: amqp:bob:{}@h',
      'url: amqp://bob:{}@',
      '  passphrase: {}',
      '{"password": "{}", ',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('.rabbitclirc', 'rc.yaml', 'rc.json'),
        lines,
        passwordLine,
        lines,
        password,
        async (file, before, line, after, secret) => {
          const content = [...before, line.replace('{}', secret), ...after].join('\n');
          await cleanOutcome(() => loadAndResolve(file, content, undefined), ConfigError, [secret, encodeURIComponent(secret)]);
        },
      ),
      RUNS,
    );
  });
});
