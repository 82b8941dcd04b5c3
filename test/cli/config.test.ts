// rc files, `mqcli config` and the passwords it must never run or show, all settled before any
// connection (moved from the spawn-based foundation and secrets tests). No .env here: loadDotenv
// still writes to process.env, which this process shares with every other test of the file.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

describe('mqcli config', () => {
  it.each([
    ['an unknown rc key', '.rabbitclirc', 'hots: x\n', [], /^error: unknown key 'hots' in .*\.rabbitclirc\n  Did you mean 'host'\?/],
    ['a malformed rc file', '.rabbitclirc.json', '{\n  "host": "a",\n}', [], /^error: malformed config file .*\.rabbitclirc\.json, line 3 column 1/],
    [
      'an unknown profile',
      '.rabbitclirc',
      'profiles:\n  dev: {}\n',
      ['--profile', 'prod'],
      /^error: profile 'prod' \(from --profile\) is not defined in .*\n  Defined profiles: dev/,
    ],
  ])('exits 2 on %s', async (_what, file, content, args, message) => {
    const home = tempDir();
    writeFileSync(join(home, file), content);
    const result = await runMain(['config', ...args], { cwd: home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('reads the file named by --config', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'other.yaml'), 'vhost: from-config-flag\n');
    const result = await runMain(['config', '--json', '--config', 'other.yaml'], { cwd: home });
    expect(JSON.parse(result.stdout).settings.vhost).toBe('from-config-flag');
  });
});

const user = 'secret-user';

/** A home folder with this rc file (mode 600 unless said otherwise). */
function home(rc: string, mode = 0o600): string {
  const dir = tempDir();
  writeFileSync(join(dir, '.rabbitclirc'), rc, { mode });
  chmodSync(join(dir, '.rabbitclirc'), mode);
  return dir;
}

describe('passwords from elsewhere', () => {
  it('names a failing passwordCommand, never its output', async () => {
    const dir = home(`user: ${user}\npasswordCommand: "echo leaked-secret; echo more >&2; exit 3"\n`);
    const result = await runMain(['ping'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: passwordCommand in ${join(dir, '.rabbitclirc')} \`echo leaked-secret; echo more >&2; exit 3\` failed (exit code 3)\n  Run the command yourself to see what is wrong\n`,
    );
  });

  it('does not run passwordCommand just to show the settings', async () => {
    const dir = tempDir();
    // An absolute path: the command would run in this process's cwd, not the fake one.
    const ran = join(dir, 'ran');
    writeFileSync(join(dir, '.rabbitclirc'), `passwordCommand: "touch '${ran}'"\n`, { mode: 0o600 });
    const result = await runMain(['config', '--json'], { cwd: dir });
    expect(JSON.parse(result.stdout).sources.password).toBe(`passwordCommand in ${join(dir, '.rabbitclirc')}`);
    expect(existsSync(ran)).toBe(false);
  });

  it('refuses two kinds of password in one place', async () => {
    const dir = home('password: a\npasswordEnv: B\n');
    const result = await runMain(['ping'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gives both password and passwordEnv; keep one/);
  });

  it('refuses --password-stdin where stdin carries the messages, or next to --password', async () => {
    const stream = await runMain(['send', 'q', '--password-stdin'], { input: 'pw\nmessage\n' });
    expect(stream.code).toBe(2);
    expect(stream.stderr).toMatch(/--password-stdin takes stdin for the password; give the messages as arguments or with --file/);
    const both = await runMain(['ping', '--password', 'x', '--password-stdin'], { input: 'pw\n' });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });
});
