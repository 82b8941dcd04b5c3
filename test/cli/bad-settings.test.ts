// Bad settings and input found before any connection: exit 2 with what is wrong. Nothing here
// reaches a broker (the fake environment points at port 1, where a connection fails with exit 1).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

function homeWith(rc: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, '.rabbitclirc'), rc, { mode: 0o600 });
  return dir;
}

describe('--config', () => {
  it('on a folder is exit 2 saying so, not "a bug in mqcli"', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'conf'));
    const result = await runMain(['ping', '--config', 'conf'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: cannot read config file ${join(dir, 'conf')}: it is a folder\n  Give --config the rc file itself, e.g. --config ./.rabbitclirc\n`,
    );
  });
});

describe('an rc file with a bad value', () => {
  it.each([
    ['MQ_URL', { MQ_URL: 'amqp://127.0.0.1:1' }, []],
    ['--port', {}, ['--port', '1']],
  ])('is an error even when %s overrides that key', async (_what, env, args) => {
    const dir = homeWith('port: "notanumber"\n');
    const result = await runMain(['config', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: port in ${join(dir, '.rabbitclirc')} must be a port number from 1 to 65535, not 'notanumber'\n`);
    expect(result.stdout).toBe('');
  });
});

describe('passwordCommand', () => {
  it('is bounded by --timeout: killed with its children, and named in the error', async () => {
    // A shell that does not exec its last command, and a child that would hold its stdout open.
    const marker = `${97 + Math.random()}`.slice(0, 8);
    const dir = homeWith(`passwordCommand: "sleep ${marker}; echo pw"\n`);
    const started = performance.now();
    const result = await runMain(['ping', '--timeout', '700'], { cwd: dir });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: passwordCommand in ${join(dir, '.rabbitclirc')} \`sleep ${marker}; echo pw\` did not finish within the connect timeout (700 ms, --timeout); it was killed\n` +
        '  Run the command yourself to see what is wrong\n',
    );
    const left = (() => {
      try {
        return execFileSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    expect(left).toBe('');
  });

  it('still gives its first line as the password when it answers in time', async () => {
    const dir = homeWith('passwordCommand: "sleep 0.1; echo s3cret; echo more"\n');
    const result = await runMain(['ping', '--timeout', '2000'], { cwd: dir });
    // It got past the command to the (absent) broker.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot connect to RabbitMQ at 127\.0\.0\.1:1/);
  });
});

describe('config shows where an explicit --profile stands', () => {
  const rc = 'profiles:\n  prod:\n    url: amqp://prod-host:5673/prod\n';

  it('--profile: its keys over MQ_URL, and the rc file row says so', async () => {
    const result = await runMain(['config', '--profile', 'prod'], { cwd: homeWith(rc), env: { MQ_URL: 'amqp://env-host:5672' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^host\tprod-host\turl in .*\.rabbitclirc \(profile prod\)$/m);
    expect(result.stdout).toMatch(/^rc file\t.*\.rabbitclirc\tprofile prod \(--profile: over the environment\)$/m);
    const json = await runMain(['config', '--json', '--profile', 'prod'], { cwd: homeWith(rc), env: { MQ_URL: 'amqp://env-host:5672' } });
    expect(JSON.parse(json.stdout)).toMatchObject({ profile: 'prod', profileOutranksEnv: true, settings: { host: 'prod-host' } });
  });

  it('MQ_PROFILE: under the environment, as before', async () => {
    const result = await runMain(['config'], {
      cwd: homeWith(rc),
      env: { MQ_URL: 'amqp://env-host:5672', MQ_PROFILE: 'prod', MQ_HOST: undefined, MQ_PORT: undefined },
    });
    expect(result.stdout).toMatch(/^host\tenv-host\tMQ_URL$/m);
    expect(result.stdout).toMatch(/^rc file\t.*\tprofile prod \(MQ_PROFILE: under the environment\)$/m);
  });
});

describe('send with QUEUE_NAME set, one argument and an empty stdin (a script)', () => {
  it('is the terminal\'s "no message given", exit 2, not "nothing to send"', async () => {
    const result = await runMain(['send', 'task two'], { env: { QUEUE_NAME: 'tasks' }, input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: no message given; nothing was sent\n' +
        '  Give it as an argument (mqcli send q "hello"), pipe lines in (producer | mqcli send q), or use --file <path>; the first argument is always the queue\n',
    );
  });
});
