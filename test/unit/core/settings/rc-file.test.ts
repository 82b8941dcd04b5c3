import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { jsonErrorOffset, lineAndColumn } from '../../../../src/core/settings/parse-error.js';
import { loadRcFile } from '../../../../src/core/settings/rc-file.js';
import { parseRcContent } from '../../../../src/core/settings/rc-schema.js';
import { tempDir } from '../../../helpers/temp.js';

describe('parseRcContent', () => {
  it('reads settings and profiles', () => {
    expect(parseRcContent({ host: 'h', port: 5673, password: 1234, profiles: { prod: { url: 'amqp://p' } } }, '/rc')).toEqual({
      path: '/rc',
      values: { host: 'h', port: 5673, password: '1234' },
      profiles: { prod: { url: 'amqp://p' } },
      hasSecrets: true,
    });
  });

  it('flattens tls settings, with file paths relative to the rc file', () => {
    const rc = parseRcContent(
      { profiles: { prod: { tls: { ca: 'certs/ca.pem', cert: '/abs/c.pem', key: 'k.pem', passphrase: 'x', servername: 'rabbit', insecure: false } } } },
      '/home/me/.rabbitclirc',
    );
    expect(rc.profiles.prod).toEqual({
      ca: '/home/me/certs/ca.pem',
      cert: '/abs/c.pem',
      key: '/home/me/k.pem',
      passphrase: 'x',
      servername: 'rabbit',
      insecure: false,
    });
    expect(rc.hasSecrets).toBe(true);
  });

  it('treats an empty file as no settings', () => {
    expect(parseRcContent(undefined, '/rc')).toEqual({ path: '/rc', values: {}, profiles: {}, hasSecrets: false });
  });

  const failures: [string, unknown, RegExp, RegExp?][] = [
    ['an unknown key, with a guess', { hots: 'x' }, /^unknown key 'hots' in \/rc$/, /Did you mean 'host'\?/],
    ['an unknown key in a profile', { profiles: { prod: { pasword: 'x' } } }, /^unknown key 'pasword' in profile 'prod' in \/rc$/, /Did you mean 'password'\?/],
    ['profiles inside a profile', { profiles: { prod: { profiles: {} } } }, /^unknown key 'profiles' in profile 'prod'/],
    ['a host that is a list', { host: ['a'] }, /^host in \/rc must be a string$/],
    ['a port that is a mapping', { port: { a: 1 } }, /^port in \/rc must be a number$/],
    ['a file that is a list', ['a'], /^\/rc must hold a mapping of settings$/],
    ['profiles that are not a mapping', { profiles: 'prod' }, /^profiles in \/rc must be a mapping/],
    ['an unknown tls key', { tls: { certs: 'x' } }, /^unknown key 'tls.certs' in \/rc$/, /Did you mean 'tls.cert'\?/],
    ['tls.insecure that is not a boolean', { tls: { insecure: 'yes' } }, /^tls.insecure in \/rc must be true or false$/],
    ['two kinds of password', { password: 'a', passwordCommand: 'b' }, /^\/rc gives both password and passwordCommand; keep one$/],
  ];
  it.each(failures)('refuses %s', (_what, content, message, hint) => {
    try {
      parseRcContent(content, '/rc');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(message);
      if (hint) expect((error as ConfigError).hint).toMatch(hint);
    }
  });

  it('names every problem of a file at once, on one line', () => {
    const content = { hots: 'x', port: {}, tls: { certs: 'c' }, profiles: { prod: { pasword: 'x', password: 'a', passwordEnv: 'B' } } };
    try {
      parseRcContent(content, '/rc');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message, hint } = error as ConfigError;
      expect(message).toMatch(/^5 problems: \(1\) /);
      for (const problem of [
        "unknown key 'pasword' in profile 'prod' in /rc",
        "profile 'prod' in /rc gives both password and passwordEnv; keep one",
        'port in /rc must be a number',
        "unknown key 'tls.certs' in /rc",
        "unknown key 'hots' in /rc",
      ]) {
        expect(message).toContain(problem);
      }
      expect(hint).toBe("Did you mean 'password' for 'pasword', 'tls.cert' for 'tls.certs', 'host' for 'hots'?");
    }
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{\n  "a": }', 2, 8],
    ['{\n"a": 1,\n}', 3, 1],
    ['{"a" 1}', 1, 6],
    ['{\n "a": tru\n}', 2, 10],
  ])('%j fails at line %i column %i', (text, line, column) => {
    let error: Error | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e as Error;
    }
    const offset = jsonErrorOffset(text, error as Error);
    expect(offset).toBeDefined();
    expect(lineAndColumn(text, offset as number)).toEqual({ line, column });
  });
});

describe('loadRcFile', () => {
  const folder = () => tempDir('mqcli-rc-');

  it('finds .rabbitclirc (YAML) in a parent folder', async () => {
    const top = folder();
    writeFileSync(join(top, '.rabbitclirc'), 'host: from-yaml\nprofiles:\n  prod:\n    port: 5999\n');
    const below = join(top, 'a', 'b');
    mkdirSync(below, { recursive: true });
    const rc = await loadRcFile({ cwd: below });
    expect(rc).toEqual({ path: join(top, '.rabbitclirc'), values: { host: 'from-yaml' }, profiles: { prod: { port: 5999 } }, hasSecrets: false });
  });

  it('reads the rabbitcli key of package.json', async () => {
    const top = folder();
    writeFileSync(join(top, 'package.json'), JSON.stringify({ name: 'x', rabbitcli: { vhost: 'pkg' } }));
    expect((await loadRcFile({ cwd: top }))?.values).toEqual({ vhost: 'pkg' });
  });

  it('reads a JavaScript config file', async () => {
    const top = folder();
    writeFileSync(join(top, 'rabbitcli.config.mjs'), 'export default { host: "from-js" };\n');
    expect((await loadRcFile({ cwd: top }))?.values).toEqual({ host: 'from-js' });
  });

  it.each([
    ['.rabbitclirc', 'host: a\n  port: 1\n', /^malformed config file .*\.rabbitclirc, line 2 column 7: bad indentation/],
    ['.rabbitclirc.json', '{\n  "host": "a",\n}\n', /^malformed config file .*\.rabbitclirc\.json, line 3 column 1: Expected double-quoted property name$/],
  ])('names file and line of a malformed %s', async (file, content, message) => {
    const top = folder();
    writeFileSync(join(top, file), content);
    await expect(loadRcFile({ cwd: top })).rejects.toThrow(message);
  });

  it('refuses a --config file that does not exist, or a .ts file', async () => {
    await expect(loadRcFile({ cwd: '/', configPath: '/nowhere/rc.yaml' })).rejects.toThrow(/config file \/nowhere\/rc.yaml does not exist/);
    const top = folder();
    writeFileSync(join(top, 'rc.ts'), 'export default {}');
    await expect(loadRcFile({ cwd: top, configPath: join(top, 'rc.ts') })).rejects.toThrow(/\.ts files are not supported/);
  });
});
