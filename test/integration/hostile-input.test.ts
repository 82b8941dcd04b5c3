import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerUser, ctl, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, tempDir } from '../helpers/cli.js';

/** A byte or character a terminal acts on, but newline and tab (C1 as the characters they decode to). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('listen --format pretty on a terminal-hostile message', () => {
  it('shows escapes, BEL, OSC titles and C1 controls instead of writing them', async () => {
    const queue = uniqueName();
    const hostile = 'clear:\x1b[2J title:\x1b]0;owned\x07 bell:\x07 csi:\u009b31m';
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue, { autoDelete: false });
      channel.sendToQueue(queue, Buffer.from(`body ${hostile}\nsecond line`), {
        headers: { 'key\x1b[2J\u009b': `value ${hostile}` },
        contentType: 'text/\x07plain',
      });
      await channel.waitForConfirms();
    });
    const result = await mqcli(['listen', queue, '--format', 'pretty', '--no-color', '--count', '1']);
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.toString('latin1')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout).toContain('body clear:\\x1b[2J title:\\x1b]0;owned\\x07 bell:\\x07 csi:\\x9b31m\nsecond line\n');
    expect(result.stdout).toContain('key\\x1b[2J\\x9b=value clear:\\x1b[2J');
    expect(result.stdout).toContain('text/\\x07plain');
    await withAmqp(async (connection) => (await connection.createChannel()).deleteQueue(queue));
  });
});

describe('malformed URLs never show the password', () => {
  const secret = 'S3cr3tPw';
  it.each([
    ['amqp:bob:S3cr3tPw@127.0.0.1:5672', 'amqp:bob:***@127.0.0.1:5672'],
    ['amqp//bob:S3cr3tPw@127.0.0.1', 'amqp//bob:***@127.0.0.1'],
    ['amqps:/bob:S3cr3tPw@127.0.0.1', 'amqps:/bob:***@127.0.0.1'],
    ['bob:S3cr3tPw@127.0.0.1', 'bob:***@127.0.0.1'],
    ['amqp://bob:S3cr3tPw@', 'amqp://bob:***@'],
  ])('--url %s', async (url, shown) => {
    const result = await mqcli(['ping', '--verbose', '--url', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: --url (must start with amqp:// or amqps://|is not a valid URL): ${shown.replace(/[.*/]/g, '\\$&')}\n`));
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).toBe('');
  });

  it.each([['amqp:bob:S3cr3tPw@127.0.0.1:5672'], ['amqp//bob:S3cr3tPw@h'], ['bob:S3cr3tPw@h'], ['amqp://bob:S3cr3tPw@']])(
    'MQ_URL=%s is named, never shown',
    async (url) => {
      const result = await mqcli(['ping', '--verbose'], { env: { MQ_URL: url } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: MQ_URL (must start with amqp:\/\/ or amqps:\/\/|is not a valid URL)\n/);
      expect(result.stderr).not.toContain(secret);
      expect(result.stderr).not.toContain('bob:');
    },
  );
});

describe('a broken rc file holding a password', () => {
  it.each([
    ['.rabbitclirc', 'user: bob\npassword: >\n  Zq-folded-secret\nport: [\n  "\n'],
    ['.rabbitclirc', 'user: bob\npassword: "Zq-quoted-secret\n'],
    ['.rabbitclirc.json', '{"user": "bob", "password": "Zq-json-secret", oops}'],
  ])('%s: --verbose names the line, never quotes the password', async (file, content) => {
    const dir = tempDir();
    writeFileSync(join(dir, file), content, { mode: 0o600 });
    const result = await mqcli(['ping', '--verbose'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: malformed config file .*, line \d+ column \d+: /);
    expect(result.stderr).not.toContain('Zq-');
  });
});

describe('a user name is never masked, even when it holds the password', () => {
  const vhost = uniqueName('locked');
  const containing = brokerUser('guesty', 'guest');
  const same = uniqueName('same');
  beforeAll(() => {
    ctl('add_vhost', vhost);
    ctl('add_user', same, same);
  });
  afterAll(() => {
    ctl('delete_vhost', vhost);
    ctl('delete_user', same);
  });

  it.each([
    ['a name that contains the password', () => [containing, 'guest']],
    ['a name that is the password', () => [same, same]],
  ])('%s', async (_, who) => {
    const [user, password] = who() as [string, string];
    const result = await mqcli(['ping', '--verbose', '--vhost', vhost, '--user', user, '--password', password]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: cannot open vhost '${vhost}' at 127\\.0\\.0\\.1:\\d+: it does not exist, or user '${user}' may not use it\n`),
    );
    expect(result.stderr).not.toContain('***');
  });
});

describe('no half-done side effects on bad input', () => {
  it.each([
    ['not json', ['--json'], 2, /^error: .*line 1.*; nothing was sent/],
    ['', [], 0, /^nothing to send: the input held no messages/],
    ['\n\n', [], 0, /^nothing to send/],
  ])('send with stdin %j %j creates no queue', async (input, flags, code, stderr) => {
    const queue = uniqueName();
    const result = await mqcli(['send', queue, ...flags], { input });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(stderr);
    expect(await queueState(queue)).toBeUndefined();
  });
});
