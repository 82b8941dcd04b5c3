import type { BaseIssue } from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { describeProblems } from '../../../../src/core/settings/rc-problems.js';

const FILE = '/home/me/.rabbitclirc';
/** An issue as the rc schema reports it: one of our codes as its message, at a path of keys. */
const issue = (message: string, path: string[] = [], input: unknown = undefined) =>
  ({ message, input, path: path.map((key) => ({ key })) }) as unknown as BaseIssue<unknown>;

describe('describeProblems', () => {
  it.each([
    [issue('string', ['host']), `host in ${FILE} must be a string`],
    [issue('number', ['profiles', 'dev', 'port']), `port in profile 'dev' in ${FILE} must be a number`],
    [issue('boolean', ['tls', 'insecure']), `tls.insecure in ${FILE} must be true or false`],
    [issue('list', ['urls']), `urls in ${FILE} must be a list of strings, one per line starting with '- '`],
    [issue('mapping'), `${FILE} must hold a mapping of settings`],
    [issue('mapping', ['profiles']), `profiles in ${FILE} must be a mapping of profile names to settings`],
    [issue('mapping', ['profiles', 'dev']), `profile 'dev' in ${FILE} must be a mapping of settings`],
    [issue('mapping', ['tls']), `tls in ${FILE} must be a mapping (ca, cert, key, passphrase, servername, insecure)`],
    [issue('alternatives', [], { password: 'a', passwordCommand: 'b' }), `${FILE} gives both password and passwordCommand; keep one`],
  ])('%#: %s', (given, message) => {
    const error = describeProblems([given], FILE);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  it('guesses the key an unknown one meant, and lists the known ones', () => {
    const error = describeProblems([issue('unknown', ['hots'])], FILE);
    expect(error.message).toBe(`unknown key 'hots' in ${FILE}`);
    expect(error.hint).toMatch(/^Did you mean 'host'\? Known keys: url, host, .*, tls, profiles$/);
    const nested = describeProblems([issue('unknown', ['profiles', 'dev', 'tls', 'sert'])], FILE);
    expect(nested.message).toBe(`unknown key 'tls.sert' in profile 'dev' in ${FILE}`);
    expect(nested.hint).toBe("Did you mean 'tls.cert'? Known keys: tls.ca, tls.cert, tls.key, tls.passphrase, tls.servername, tls.insecure");
  });

  it('numbers several problems on one line, with every guess in the hint', () => {
    const error = describeProblems([issue('unknown', ['hots']), issue('number', ['port']), issue('unknown', ['vhots'])], FILE);
    expect(error.message).toBe(`3 problems: (1) unknown key 'hots' in ${FILE} (2) port in ${FILE} must be a number (3) unknown key 'vhots' in ${FILE}`);
    expect(error.hint).toBe("Did you mean 'host' for 'hots', 'vhost' for 'vhots'?");
  });

  it('keeps a key with a newline on one line', () => {
    expect(describeProblems([issue('unknown', ['a\nb'])], FILE).message).not.toContain('\n');
  });
});
