import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { loadSettings } from '../../../../src/core/settings/load.js';
import { tempDir } from '../../../helpers/temp.js';

/** A folder holding `.rabbitclirc` with `content` (mode 600 unless told). */
function withRc(content: string, mode = 0o600): string {
  const dir = tempDir();
  const path = join(dir, '.rabbitclirc');
  writeFileSync(path, content);
  chmodSync(path, mode);
  return dir;
}

const load = (cwd: string, change: Partial<Parameters<typeof loadSettings>[0]> = {}) =>
  loadSettings({ flags: {}, env: {}, cwd, configPath: undefined, ...change });

describe('loadSettings', () => {
  it('reads the rc file found from cwd, under the flags', async () => {
    const cwd = withRc('host: from-rc\nvhost: prod\n');
    const { connection } = await load(cwd, { flags: { vhost: 'flag' } });
    expect([connection.host, connection.vhost]).toEqual(['from-rc', 'flag']);
  });

  it('reads the file --config names, relative to cwd', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'other.yaml'), 'host: named\n');
    expect((await load(cwd, { configPath: 'other.yaml' })).connection.host).toBe('named');
  });

  it("takes the password from the first line of passwordCommand's output", async () => {
    const cwd = withRc("passwordCommand: printf 's3cret\\nignored'\n");
    expect((await load(cwd)).connection.password).toBe('s3cret');
  });

  it('does not run passwordCommand when only showing the settings', async () => {
    const cwd = withRc("passwordCommand: 'exit 1'\n");
    const shown = await load(cwd, { runPasswordCommand: false });
    expect(shown.passwordCommand?.command).toBe('exit 1');
    await expect(load(cwd)).rejects.toThrow('`exit 1` failed');
  });

  it.each([
    ["'exit 3'", /`exit 3` failed \(exit code 3\)$/],
    ["'true'", /`true` printed no password$/],
  ])('refuses passwordCommand %s with a config error, never its output', async (command, message) => {
    const cwd = withRc(`passwordCommand: ${command}\n`);
    const loading = load(cwd);
    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toThrow(message);
  });

  it('warns about a password in an rc file that others can read, with the chmod to run', async () => {
    const readable = withRc('password: s3cret\n', 0o644);
    const path = join(readable, '.rabbitclirc');
    expect((await load(readable)).warnings).toContain(`${path} holds a password and other users can read it (mode 644); run: chmod 600 ${path}`);
    const own = withRc('password: s3cret\n', 0o600);
    expect((await load(own)).warnings.filter((w) => w.includes('other users'))).toEqual([]);
  });
});
