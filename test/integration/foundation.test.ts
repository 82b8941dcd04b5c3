import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { brokerUser, ctl, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

describe('mqcli ping', () => {
  it('names the broker and the round trip', async () => {
    const result = await mqcli(['ping']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^RabbitMQ \d+\.\d+\.\d+ on Erlang\/OTP \d+.* at 127\.0\.0\.1:\d+, vhost \/, cluster \S+: connected in [\d.]+ ms, round trip [\d.]+ ms\n$/,
    );
    expect(result.stderr).toBe('');
  });

  it('prints JSON with --json', async () => {
    const result = await mqcli(['ping', '--json']);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ product: 'RabbitMQ', host: '127.0.0.1', port: inject('broker').port, vhost: '/', user: 'guest' });
    expect(typeof body.roundTripMs).toBe('number');
  });

  it('fails clearly when nothing listens', async () => {
    const result = await mqcli(['ping', '--port', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot connect to RabbitMQ at 127\.0\.0\.1:1: connection refused\n  Is RabbitMQ running there\?/);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(result.stdout).toBe('');
  });

  it('fails clearly on wrong credentials, without printing the password', async () => {
    const result = await mqcli(['ping', '--password', 'not-the-password']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: login refused for user 'guest' at 127\.0\.0\.1:\d+ \(ACCESS_REFUSED\)/);
    expect(result.stderr).not.toContain('not-the-password');
  });

  it('fails clearly on an unknown vhost', async () => {
    const result = await mqcli(['ping'], { env: { MQ_VHOST: 'no-such-vhost' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot open vhost 'no-such-vhost' at 127\.0\.0\.1:\d+: it does not exist, or user 'guest' may not use it/);
  });

  it('gives up after --timeout on a server that never answers', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await mqcli(['ping', '--port', String(port), '--timeout', '300']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error: no answer from 127\\.0\\.0\\.1:${port} within 300 ms`));
    } finally {
      silent.close();
    }
  });

  it('says when the port is not AMQP (the management HTTP port)', async () => {
    const result = await mqcli(['ping', '--port', String(inject('broker').mgmtPort)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/did not answer like an AMQP 0-9-1 broker/);
  });

  it('shows a stack trace only with --verbose', async () => {
    const quiet = await mqcli(['ping', '--port', '1']);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await mqcli(['ping', '--port', '1', '--verbose']);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});

describe('a user whose password has every kind of character', () => {
  const password = 'p@ss:wörd/%';
  const user = brokerUser('user', password);

  it.each([
    ['flags', ['--user', user, '--password', password], {}],
    ['environment', [], { MQ_USER: user, MQ_PASSWORD: password }],
    ['the tutorial variables', [], { MQ_NAME: user, MQ_PASSWORD: password }],
    ['a URL', ['--url', `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${0}/`], {}],
  ])('logs in with %s', async (_how, args, env) => {
    const fixed = args.map((arg) => arg.replace(':0/', `:${inject('broker').port}/`));
    const result = await mqcli(['ping', '--json', ...fixed], { env });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).user).toBe(user);
  });

  it('logs in from an rc file, and config never shows the password', async () => {
    const home = tempDir();
    writeFileSync(join(home, '.rabbitclirc'), JSON.stringify({ user, password }));
    const ping = await mqcli(['ping'], { cwd: home });
    expect(ping.code).toBe(0);
    const config = await mqcli(['config'], { cwd: home });
    expect(config.stdout).not.toContain('wörd');
    expect(config.stdout).toMatch(/password\s+\*\*\*\s+.*\.rabbitclirc/);
  });

  it('never echoes the password in an error', async () => {
    const result = await mqcli(['ping', '--user', user, '--password', password, '--vhost', 'nope', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(password);
  });
});

describe('the connection itself', () => {
  it('uses --heartbeat and names itself after the command', async () => {
    const queue = uniqueName();
    const run = start(['listen', queue, '--heartbeat', '17']);
    await waitFor(async () => (await queueState(queue))?.consumerCount === 1, 15_000, 'the consumer');
    const connections = ctl('list_connections', 'timeout', 'client_properties');
    run.child.kill('SIGINT');
    await run.done;
    expect(connections.split('\n').some((line) => line.startsWith('17\t') && line.includes('{"connection_name","mqcli listen"}'))).toBe(true);
  });
});

// rc-file errors and --config are in test/cli/config.test.ts; these two read a .env file, which
// only a process of its own can do safely while loadDotenv writes to process.env.
describe('mqcli config', () => {
  it('shows each value and its source', async () => {
    const home = tempDir();
    writeFileSync(join(home, '.rabbitclirc'), 'vhost: from-rc\nprofiles:\n  prod:\n    heartbeat: 15\n');
    writeFileSync(join(home, '.env'), 'MQ_USER=from-dotenv\nQUEUE_NAME=jobs\n');
    const result = await mqcli(['config', '--json', '--profile', 'prod', '--timeout', '1234'], { cwd: home });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.settings).toMatchObject({ vhost: 'from-rc', heartbeat: 15, user: 'from-dotenv', timeout: 1234, password: '***' });
    expect(body.sources).toMatchObject({
      vhost: join(home, '.rabbitclirc'),
      heartbeat: `${join(home, '.rabbitclirc')} (profile prod)`,
      user: 'MQ_USER in .env',
      timeout: '--timeout',
      port: 'MQ_PORT',
      password: 'default',
    });
    expect(body).toMatchObject({ profile: 'prod', rcFile: join(home, '.rabbitclirc') });
  });

  it('does not let .env override the environment', async () => {
    const home = tempDir();
    writeFileSync(join(home, '.env'), 'MQ_HOST=from-dotenv\n');
    const result = await mqcli(['config', '--json'], { cwd: home, env: { MQ_HOST: 'from-env' } });
    expect(JSON.parse(result.stdout).settings.host).toBe('from-env');
  });
});

describe('mqcli queue declare', () => {
  it('declares a durable classic queue and prints it', async () => {
    const queue = uniqueName();
    const result = await mqcli(['queue', 'declare', queue]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `queue\t${queue}\ntype\tclassic\ndurable\ttrue\nexclusive\tfalse\nauto-delete\tfalse\narguments\t(none)\nmessages\t0\nconsumers\t0\n`,
    );
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      expect(await channel.checkQueue(queue)).toMatchObject({ messageCount: 0 });
    });
  });

  it('takes the queue from QUEUE_NAME, and succeeds when declared twice alike', async () => {
    const queue = uniqueName();
    const args = ['queue', 'declare', '--max-length', '10', '--message-ttl', '60000', '--arg', 'x-overflow=reject-publish', '--json'];
    const first = await mqcli(args, { env: { QUEUE_NAME: queue } });
    const second = await mqcli(args, { env: { QUEUE_NAME: queue } });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      queue,
      type: 'classic',
      durable: true,
      exclusive: false,
      autoDelete: false,
      arguments: { 'x-max-length': 10, 'x-message-ttl': 60000, 'x-overflow': 'reject-publish' },
      messages: 0,
      consumers: 0,
    });
    expect(first.stdout).toBe(second.stdout);
  });

  it('declares quorum and stream queues', async () => {
    for (const type of ['quorum', 'stream']) {
      const result = await mqcli(['queue', 'declare', uniqueName(), '--type', type, '--json']);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).type).toBe(type);
    }
  });

  it('says which setting differs on an existing queue (406)', async () => {
    const queue = uniqueName();
    await mqcli(['queue', 'declare', queue]);
    const result = await mqcli(['queue', 'declare', queue, '--no-durable']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: queue '${queue}' already exists with durable=true; this asked for durable=false (PRECONDITION_FAILED)\n` +
        `  Use the existing settings, or delete the queue first: mqcli queue delete ${queue}\n`,
    );
    const withArg = await mqcli(['queue', 'declare', queue, '--max-length', '5']);
    expect(withArg.stderr).toMatch(/already exists without x-max-length; this asked for x-max-length=5/);
  });

  it('checks with --passive, and says when the queue is missing (404)', async () => {
    const queue = uniqueName();
    const missing = await mqcli(['queue', 'declare', queue, '--passive']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`^error: queue '${queue}' does not exist in vhost '/'\\n  Create it with: mqcli queue declare ${queue}\\n$`));
    await mqcli(['queue', 'declare', queue]);
    const found = await mqcli(['queue', 'declare', queue, '--passive', '--json']);
    expect(JSON.parse(found.stdout)).toEqual({ queue, messages: 0, consumers: 0 });
  });

  it('refuses reserved names (403) and bad combinations (exit 2)', async () => {
    const reserved = await mqcli(['queue', 'declare', 'amq.mine']);
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toMatch(/queue name 'amq.mine' is reserved/);
    const passive = await mqcli(['queue', 'declare', 'q', '--passive', '--max-length', '1']);
    expect(passive.code).toBe(2);
    const quorum = await mqcli(['queue', 'declare', 'q', '--type', 'quorum', '--no-durable']);
    expect(quorum.code).toBe(2);
    expect(quorum.stderr).toMatch(/a quorum queue is always durable/);
  });

  it('sends every setting flag to the broker', async () => {
    const queue = uniqueName();
    const args = [
      'queue',
      'declare',
      queue,
      '--no-durable',
      '--auto-delete',
      '--max-length',
      '100',
      '--max-length-bytes',
      '10000',
      '--message-ttl',
      '60000',
      '--expires',
      '600000',
      '--dead-letter-exchange',
      'dlx',
      '--dead-letter-routing-key',
      'dead',
      '--max-priority',
      '5',
      '--overflow',
      'reject-publish',
    ];
    expect((await mqcli(args)).code).toBe(0);
    const info = await mqcli(['queue', 'info', queue, '--json'], { env: { MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` } });
    expect(JSON.parse(info.stdout)).toMatchObject({
      durable: false,
      autoDelete: true,
      arguments: {
        'x-max-length': 100,
        'x-max-length-bytes': 10000,
        'x-message-ttl': 60000,
        'x-expires': 600000,
        'x-dead-letter-exchange': 'dlx',
        'x-dead-letter-routing-key': 'dead',
        'x-max-priority': 5,
        'x-overflow': 'reject-publish',
      },
    });
  });

  it('warns that an exclusive queue dies with the connection', async () => {
    const result = await mqcli(['queue', 'declare', uniqueName(), '--exclusive']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: an exclusive queue belongs to this connection/);
  });
});
