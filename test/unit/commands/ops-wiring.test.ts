// The operator's commands as wired in the program: completion finds them, and usage errors stop
// them before any connection (nothing listens on the in-process broker port: a connection is exit 1).
import { describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/in-process.js';

describe('the operator commands in the program', () => {
  it('completion offers them, their subcommands and options, from the command tree', async () => {
    expect((await runMain(['__complete', '--', 'con'])).stdout).toBe('config\nconnection\nconsumer\n:0\n');
    expect((await runMain(['__complete', '--', 'connection', ''])).stdout).toBe('list\nclose\n:0\n');
    expect((await runMain(['__complete', '--', 'binding', 'list', '--'])).stdout).toContain('--destination\n');
    expect((await runMain(['__complete', '--', 'definitions', 'export', '--format', ''])).stdout).toBe('yaml\njson\n:0\n');
    for (const name of ['channel', 'vhost', 'user', 'permission', 'policy', 'node', 'health', 'plan', 'apply']) {
      expect((await runMain(['__complete', '--', name.slice(0, -1)])).stdout, name).toContain(`${name}\n`);
    }
  });

  it.each([
    [['apply', 'f.yaml', '--force'], /--force needs --prune/],
    [['definitions', 'export', '--with-password-hashes'], /--with-password-hashes needs --with-users/],
    [['definitions', 'export', '--format', 'xml'], /argument 'xml' is invalid/],
    [['plan'], /missing required argument 'file'/],
    [['connection', 'close'], /missing required argument 'name'/],
    [['connection', 'close', 'c', '--reason', 'é'], /printable ASCII/],
    [['plan', 'missing.yaml'], /cannot read topology file missing\.yaml: no such file/],
  ])('%j is exit 2 before any connection', async (args, message) => {
    const result = await runMain(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
