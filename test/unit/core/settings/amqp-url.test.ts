import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { parseAmqpUrl } from '../../../../src/core/settings/amqp-url.js';
import { resolveSettings } from '../../../../src/core/settings/resolve.js';

const failure = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('malformed URLs: what is wrong, never the password', () => {
  it.each([
    ['amqp:bob:S3cr3tPw@127.0.0.1:5672', '--url must start with amqp:// or amqps://: amqp:bob:***@127.0.0.1:5672'],
    ['amqp//bob:S3cr3tPw@h', '--url must start with amqp:// or amqps://: amqp//bob:***@h'],
    ['amqps:/bob:S3cr3tPw@h', '--url must start with amqp:// or amqps://: amqps:/bob:***@h'],
    ['bob:S3cr3tPw@host', '--url must start with amqp:// or amqps://: bob:***@host'],
    ['http://bob:S3cr3tPw@h', '--url must start with amqp:// or amqps://, not http://'],
    ['amqp://bob:S3cr3tPw@', '--url is not a valid URL: amqp://bob:***@'],
    ['amqp:///vhost', '--url has no host: amqp:///vhost'],
    ['amqp://bob:S3c/r3tPw@h', '--url is not a valid URL: amqp://bob:***@h'],
    ['amqp://bob:S3cr3tPw@h:99999', '--url is not a valid URL: amqp://bob:***@h:99999'],
    ['amqp://bob:S3cr3tPw@h:1\n\x1b[2J', '--url is not a valid URL: amqp://bob:***@h:1\\x0a\\x1b[2J'],
  ])('%j', (url, message) => {
    const error = failure(() => parseAmqpUrl(url, '--url'));
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('S3c');
  });

  it('names MQ_URL and what is wrong, and never shows its value', () => {
    for (const url of ['amqp:bob:S3cr3tPw@127.0.0.1:5672', 'amqp:///S3cr3tPw', 'amqp://bob:S3c/r3tPw@h']) {
      const error = failure(() => resolveSettings({ flags: {}, env: { MQ_URL: url } }));
      expect(error.message).toMatch(/^MQ_URL (must start with amqp:\/\/ or amqps:\/\/|has no host|is not a valid URL)$/);
    }
  });

  it('a .env MQ_URL is not shown either', () => {
    const error = failure(() => resolveSettings({ flags: {}, env: { MQ_URL: 'amqp:bob:S3cr3tPw@h' }, dotenvKeys: new Set(['MQ_URL']) }));
    expect(error.message).toBe('MQ_URL in .env must start with amqp:// or amqps://');
  });
});
