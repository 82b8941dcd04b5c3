// Help, version and the exit codes of a command line without a command (moved from the
// spawn-based test/integration/startup.test.ts, which keeps the import traces of the built bin).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

describe('start-up', () => {
  it.each([
    [['help'], 0],
    [['help', 'send'], 0],
    [['listen', '--help'], 0],
    [[], 2],
    [['queue'], 2],
  ])('%j exits %i', async (args, code) => {
    expect((await runMain(args)).code).toBe(code);
  });

  it('prints help on stdout, and the help shown for a missing command on stderr', async () => {
    const asked = await runMain(['--help']);
    expect(asked.stdout).toMatch(/^Usage: mqcli /);
    expect(asked.stderr).toBe('');
    const missing = await runMain(['queue']);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^Usage: mqcli queue /);
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await runMain(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
