import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { parseAmqpUrl } from '../../src/core/settings/amqp-url.js';
import { resolveSettings } from '../../src/core/settings/resolve.js';
import { cleanOutcome } from '../helpers/clean-error.js';

const RUNS = { numRuns: 400 };
const SCHEMES = ['amqp://', 'amqps://', 'amqp:', 'amqp:/', 'amqp//', 'amqps:/', 'amqp:///', 'AMQP://', 'http://', 'x+y://', ''];
/** A password that cannot turn up in a message by chance: a marker, then anything at all. */
const password = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((rest) => `Zq${rest}`);
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'h', '127.0.0.1', '[::1]', '[::1', ':', '@', '/', '%', '%2F', '%zz', '?', '#'),
);
const port = fc.oneof(
  fc.constant(''),
  fc.integer({ min: -10, max: 70_000 }).map((n) => `:${n}`),
  piece.map((p) => `:${p}`),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?heartbeat=5', '?connection_timeout=x', '?x=1', '?', '?heartbeat'),
  piece.map((p) => `?${p}`),
);

const url = fc
  .record({ scheme: fc.constantFrom(...SCHEMES), user: piece, password, encode: fc.boolean(), host: piece, port, path: piece, query })
  .map((parts) => ({
    password: parts.password,
    text: `${parts.scheme}${parts.user}:${parts.encode ? encodeURIComponent(parts.password) : parts.password}@${parts.host}${parts.port}/${parts.path}${parts.query}`,
  }));
const secretsOf = (secret: string) => [secret, encodeURIComponent(secret)];

describe('parseAmqpUrl on garbage', () => {
  it('random text: parts, or a ConfigError with one clean line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), async (text) => {
        await cleanOutcome(() => parseAmqpUrl(text, '--url'), ConfigError);
      }),
      RUNS,
    );
  });

  it('URL-shaped garbage with a password: never the password in a message', async () => {
    await fc.assert(
      fc.asyncProperty(url, async ({ text, password: secret }) => {
        await cleanOutcome(() => parseAmqpUrl(text, '--url'), ConfigError, secretsOf(secret));
      }),
      { numRuns: 800 },
    );
  });

  it('a parsed URL gives a port in range and a host', async () => {
    await fc.assert(
      fc.asyncProperty(url, async ({ text }) => {
        const outcome = await cleanOutcome(() => parseAmqpUrl(text, '--url'), ConfigError);
        if (outcome instanceof Error) return;
        expect(outcome.host).not.toBe('');
        expect(Number.isInteger(outcome.port) && outcome.port >= 0 && outcome.port <= 65_535).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('resolveSettings on garbage from every source', () => {
  const env = fc.record(
    {
      MQ_URL: fc.oneof(
        url.map((u) => u.text),
        piece,
      ),
      MQ_PORT: piece,
      MQ_HEARTBEAT: piece,
      MQ_TIMEOUT: piece,
      MQ_VHOST: piece,
      MQ_API_URL: piece,
    },
    { requiredKeys: [] },
  );
  it('settings, or a ConfigError that never shows MQ_PASSWORD or the URL password', async () => {
    await fc.assert(
      fc.asyncProperty(env, password, url, async (variables, secret, flagUrl) => {
        const flags = { url: flagUrl.text };
        const secrets = [...secretsOf(secret), ...secretsOf(flagUrl.password)];
        await cleanOutcome(() => resolveSettings({ flags, env: { ...variables, MQ_PASSWORD: secret } }), ConfigError, secrets);
        await cleanOutcome(() => resolveSettings({ flags: {}, env: { ...variables, MQ_PASSWORD: secret } }), ConfigError, secretsOf(secret));
      }),
      RUNS,
    );
  });
});
