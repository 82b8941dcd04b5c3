import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokerUser, drainQueue, uniqueName } from '../helpers/amqp.js';
import { mqcli, tempDir } from '../helpers/cli.js';

const password = 'p@ss:wörd/%';
const user = brokerUser('secret-user', password);

/** A home folder with this rc file (mode 600 unless said otherwise). */
function home(rc: string, mode = 0o600): string {
  const dir = tempDir();
  writeFileSync(join(dir, '.rabbitclirc'), rc, { mode });
  chmodSync(join(dir, '.rabbitclirc'), mode);
  return dir;
}

describe('passwords from elsewhere', () => {
  it('reads passwordEnv from the environment', async () => {
    const dir = home(`user: ${user}\npasswordEnv: MY_RABBIT_SECRET\n`);
    const ok = await mqcli(['ping'], { cwd: dir, env: { MY_RABBIT_SECRET: password } });
    expect(ok.stderr).toBe('');
    const unset = await mqcli(['ping'], { cwd: dir });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^error: passwordEnv in .*\.rabbitclirc names MY_RABBIT_SECRET, which is not set/);
  });

  it('runs passwordCommand and takes the first line it prints', async () => {
    const dir = home(`user: ${user}\npasswordCommand: "./secret.sh"\n`);
    writeFileSync(join(dir, 'secret.sh'), `#!/bin/sh\nprintf '%s\\nsecond line\\n' '${password}'\n`, { mode: 0o755 });
    const result = await mqcli(['ping', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).user).toBe(user);
  });

  it('reads the first line of stdin with --password-stdin', async () => {
    const ok = await mqcli(['ping', '--json', '--user', user, '--password-stdin'], { input: `${password}\nrest\n` });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout).user).toBe(user);
    const queue = uniqueName();
    const send = await mqcli(['send', queue, 'via args', '--user', user, '--password-stdin'], { input: `${password}\n` });
    expect(send.code).toBe(0);
    expect((await drainQueue(queue)).map((m) => m.content.toString())).toEqual(['via args']);
  });
});

describe('rc files that others can read', () => {
  it('warns when the rc file holds a password and is readable by others, like ssh', async () => {
    const open = home(`user: ${user}\npassword: "${password}"\n`, 0o644);
    const warned = await mqcli(['ping'], { cwd: open });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^warning: .*\.rabbitclirc holds a password and other users can read it \(mode 644\); run: chmod 600 /);
    const closed = home(`user: ${user}\npassword: "${password}"\n`, 0o600);
    expect((await mqcli(['ping'], { cwd: closed })).stderr).toBe('');
    const noSecret = home('vhost: /\n', 0o644);
    expect((await mqcli(['ping'], { cwd: noSecret })).stderr).toBe('');
  });
});

describe('no output ever shows a password', () => {
  it('config, errors and --verbose stack traces hide it, from every source', async () => {
    const dir = home(`user: ${user}\npassword: "${password}"\ntls:\n  passphrase: "key-secret-phrase"\n`);
    const config = await mqcli(['config', '--verbose'], { cwd: dir });
    expect(config.stdout + config.stderr).not.toContain(password);
    expect(config.stdout + config.stderr).not.toContain('key-secret-phrase');
    const failing = await mqcli([
      'ping',
      '--verbose',
      '--vhost',
      'no-such-vhost',
      '--url',
      `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:1/`,
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).not.toContain(password);
    expect(failing.stderr).not.toContain(encodeURIComponent(password));
  });
});
