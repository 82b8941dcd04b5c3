// listen --exec against the shared broker: order, the environment (published by amqplib and by
// pika), each --on-error mode with a real dead-letter queue, concurrency, timeouts, whole lines,
// and Ctrl-C mid-batch with nothing lost.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { drainQueue, fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { hasPika, PYTHON, skipWithout } from '../helpers/needs.js';
import { waitFor } from '../helpers/wait.js';

const noPika = skipWithout(hasPika, 'python3-pika', 'exec.test.ts');
const numbers = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));
const api = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);

describe('mqcli listen --exec', () => {
  it('runs the command for 50 bodies in order, acks each, and counts them', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbers(50));
    const result = await mqcli(['listen', queue, '--exec', 'printf "got %s\\n" "$(cat)"', '--drain']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(numbers(50).map((n) => `got ${n}`));
    expect(result.stderr).toMatch(new RegExp(`ran 50 commands on queue '${queue}' in .*: 50 succeeded, 0 failed, 0 requeued, 0 rejected`));
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('gives the properties and headers in MQ_* variables, and the body on stdin', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['the body'], {
      contentType: 'text/plain',
      correlationId: 'c-1',
      messageId: 'm-1',
      replyTo: 'back',
      type: 'kind',
      appId: 'tests',
      timestamp: 1_700_000_000,
      priority: 3,
      expiration: '60000',
      headers: { tenant: 'acme', bytes: Buffer.from('hi') },
    });
    const result = await mqcli(['listen', queue, '--exec', 'env | grep ^MQ_ | grep -v -e MQ_HOST -e MQ_PORT | sort; echo "body=$(cat)"', '--count', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'MQ_APP_ID=tests',
      'MQ_CONTENT_TYPE=text/plain',
      'MQ_CORRELATION_ID=c-1',
      'MQ_DELIVERY_TAG=1',
      'MQ_EXCHANGE=',
      'MQ_EXPIRATION=60000',
      'MQ_HEADERS={"tenant":"acme","bytes":{"!":"bytes","value":"aGk="}}',
      'MQ_MESSAGE_ID=m-1',
      'MQ_PRIORITY=3',
      'MQ_REDELIVERED=false',
      'MQ_REPLY_TO=back',
      `MQ_ROUTING_KEY=${queue}`,
      'MQ_TIMESTAMP=2023-11-14T22:13:20.000Z',
      'MQ_TYPE=kind',
      'body=the body',
    ]);
  });

  it.skipIf(noPika)('gives a pika-published message’s properties and headers as pika set them', async () => {
    const queue = uniqueName();
    await withAmqp(async (connection) => void (await (await connection.createChannel()).assertQueue(queue)));
    const published = spawnSync(PYTHON, ['test/fixtures/pika-exec.py', 'publish', String(inject('broker').port), queue], { encoding: 'utf8' });
    expect(published.status, published.stderr).toBe(0);
    const result = await mqcli(['listen', queue, '--exec', 'env | grep ^MQ_ | sort; cat', '--count', '1']);
    expect(result.code).toBe(0);
    const env = Object.fromEntries(
      result.stdout
        .split('\n')
        .filter((line) => line.startsWith('MQ_'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env).toMatchObject({
      MQ_CONTENT_TYPE: 'application/json',
      MQ_CONTENT_ENCODING: 'identity',
      MQ_CORRELATION_ID: 'corr-7',
      MQ_MESSAGE_ID: 'msg-7',
      MQ_REPLY_TO: 'replies',
      MQ_TYPE: 'order.created',
      MQ_APP_ID: 'pika-app',
      MQ_USER_ID: 'guest',
      MQ_TIMESTAMP: '2023-11-14T22:13:20.000Z',
      MQ_PRIORITY: '4',
      MQ_EXPIRATION: '600000',
      MQ_REDELIVERED: 'false',
    });
    // pika writes a Python int as an int32: the envelope's form says so, where plain 42 would read back as an int8.
    expect(JSON.parse(env.MQ_HEADERS as string)).toEqual({
      text: 'hello',
      count: { '!': 'int32', value: 42 },
      flag: true,
      nested: { k: 'v' },
      list: [{ '!': 'int32', value: 1 }, 'two'],
    });
    expect(result.stdout).toContain('{"order": 7}');
  });

  it('passes a password from .env on to no command, but the caller’s own', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b']);
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'MQ_PASSWORD=guest\n');
    const probe = 'echo "pw=$' + '{MQ_PASSWORD-unset}"';
    const fromDotenv = await mqcli(['listen', queue, '--exec', probe, '--count', '1'], { cwd });
    expect(fromDotenv.code).toBe(0);
    expect(fromDotenv.stdout).toBe('pw=unset\n');
    const own = await mqcli(['listen', queue, '--exec', probe, '--count', '1'], { cwd, env: { MQ_PASSWORD: 'guest' } });
    expect(own.stdout).toBe('pw=guest\n');
  });

  it('--on-error stop (the default): requeues the failed message, stops, exits 1 naming it and the exit code', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbers(5), { messageId: 'same' });
    const result = await mqcli(['listen', queue, '--exec', 'read n; echo "did $n"; [ "$n" != 3 ] || exit 7']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('did 1\ndid 2\ndid 3\n');
    expect(result.stderr).toMatch(
      new RegExp(`the command failed on message 'same' \\(delivery 3\\) \\(exit code 7\\); the message is back in queue '${queue}'`),
    );
    expect(result.stderr).toMatch(/2 succeeded, 1 failed, 1 requeued, 0 rejected/);
    expect((await drainQueue(queue)).map((message) => message.content.toString())).toEqual(['3', '4', '5']);
  });

  it('--on-error stop with --concurrency lets the running commands finish and starts no more', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['slow1', 'bad', 'slow2', 'later1', 'later2']);
    const command = 'b=$(cat); [ "$b" != bad ] || exit 5; sleep 2; echo "done $b"';
    const result = await mqcli(['listen', queue, '--exec', command, '--concurrency', '3']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['done slow1', 'done slow2']);
    expect(result.stderr).toMatch(/\(exit code 5\); the message is back in queue/);
    expect(result.stderr).toMatch(/2 succeeded, 1 failed, 1 requeued, 0 rejected/);
    expect((await drainQueue(queue)).map((message) => message.content.toString()).sort()).toEqual(['bad', 'later1', 'later2']);
  });

  it('--on-error requeue: the message comes again (MQ_REDELIVERED=true) and goes on', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['ok', 'flaky', 'ok']);
    const result = await mqcli([
      'listen',
      queue,
      '--exec',
      'read b; [ "$b" != flaky ] || [ "$MQ_REDELIVERED" = true ] || exit 1; echo "$b $MQ_REDELIVERED"',
      '--on-error',
      'requeue',
      '--drain',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['flaky true', 'ok false', 'ok false']);
    expect(result.stderr).toMatch(/3 succeeded, 1 failed, 1 requeued, 0 rejected/);
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('--on-error reject: dead-letters the failed message into a real dead-letter queue, and goes on', async () => {
    const [queue, dlx, dlq] = [uniqueName(), uniqueName('dlx'), uniqueName('dlq')];
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertExchange(dlx, 'fanout', { durable: true });
      await channel.assertQueue(dlq);
      await channel.bindQueue(dlq, dlx, '');
    });
    await fillQueue(queue, ['1', 'bad', '3'], {}, { arguments: { 'x-dead-letter-exchange': dlx } });
    const result = await mqcli(['listen', queue, '--exec', 'read b; [ "$b" != bad ]', '--on-error', 'reject', '--drain'], { env: api() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/the command on delivery 2 failed \(exit code 1\); rejected/);
    expect(result.stderr).toMatch(/2 succeeded, 1 failed, 0 requeued, 1 rejected/);
    expect(result.stderr).not.toMatch(/dead-letter/);
    const dead = await drainQueue(dlq);
    expect(dead.map((message) => message.content.toString())).toEqual(['bad']);
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('--on-error reject warns once when the queue has no dead-letter exchange (asked of the management API)', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['x', 'y']);
    const result = await mqcli(['listen', queue, '--exec', 'false', '--on-error', 'reject', '--drain'], { env: api() });
    expect(result.code).toBe(0);
    expect(
      result.stderr.match(new RegExp(`queue '${queue}' has no dead-letter exchange: the messages --on-error reject rejects are dropped`, 'g')),
    ).toHaveLength(1);
    await fillQueue(queue, ['z']);
    const unchecked = await mqcli(['listen', queue, '--exec', 'false', '--on-error', 'reject', '--count', '1'], { env: { MQ_API_URL: 'http://127.0.0.1:1' } });
    expect(unchecked.code).toBe(0);
    expect(unchecked.stderr).toMatch(
      /could not check whether queue .* has a dead-letter exchange .*not reachable.*; without one, rejected messages are dropped/,
    );
  });

  it('--idle-timeout ends when no message comes; --no-declare refuses a missing queue', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['only']);
    const idle = await mqcli(['listen', queue, '--exec', 'cat', '--idle-timeout', '1']);
    expect(idle.code).toBe(0);
    expect(idle.stdout).toBe('only\n');
    expect(idle.stderr).toMatch(/1 succeeded/);
    const missing = await mqcli(['listen', uniqueName('none'), '--exec', 'cat', '--no-declare']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/queue 'none-.*' does not exist in vhost '\/'/);
  });

  it('--concurrency 8 runs eight `sleep 2` at once: well under 16 s', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbers(8));
    const started = Date.now();
    const result = await mqcli(['listen', queue, '--exec', 'sleep 2', '--concurrency', '8', '--count', '8']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/8 succeeded/);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('--exec-timeout kills a command that runs too long, SIGKILL for one that ignores SIGTERM', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['polite', 'stubborn']);
    const started = Date.now();
    const command = 'read b; if [ "$b" = stubborn ]; then trap "" TERM; fi; sleep 60';
    const result = await mqcli(['listen', queue, '--exec', command, '--exec-timeout', '1', '--on-error', 'reject', '--count', '2']);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/failed \(timed out after 1 s and was killed\); rejected/g)).toHaveLength(2);
    expect(result.stderr).toMatch(/0 succeeded, 2 failed, 0 requeued, 2 rejected/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('stops quietly when the reader goes, and nothing not acked is lost', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbers(20));
    const run = start(['listen', queue, '--exec', 'cat; echo; sleep 0.2', '--count', '20']);
    await waitFor(() => run.stdoutText().includes('2\n'), 20_000, 'two lines');
    run.child.stdout.destroy();
    const result = await run.done;
    expect(result.code).toBe(0);
    const summary = /: (\d+) succeeded, 0 failed, \d+ requeued, 0 rejected/.exec(result.stderr);
    expect(summary).not.toBeNull();
    const succeeded = Number(summary?.[1]);
    expect(succeeded).toBeGreaterThanOrEqual(2);
    expect(succeeded).toBeLessThan(20);
    expect((await queueState(queue))?.messageCount).toBe(20 - succeeded);
  });

  it('passes lines of parallel commands whole; --exec-output json names the message of each line', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b', 'c', 'd'], { messageId: 'id' });
    const long = 'x'.repeat(3000);
    // Each command prints 200 long lines in pieces, so unbuffered lines would mix.
    const command = `b=$(cat); for i in $(seq 1 200); do printf '%s-' "$b"; printf '${long}\\n'; done`;
    const result = await mqcli(['listen', queue, '--exec', command, '--concurrency', '4', '--count', '4']);
    expect(result.code).toBe(0);
    const printed = result.stdout.split('\n').filter(Boolean);
    expect(printed).toHaveLength(800);
    expect(printed.every((line) => /^[abcd]-x{3000}$/.test(line))).toBe(true);

    await fillQueue(queue, ['one'], { messageId: 'm-9' });
    const json = await mqcli(['listen', queue, '--exec', 'cat; echo; echo oops >&2', '--exec-output', 'json', '--count', '1']);
    expect(JSON.parse(json.stdout)).toEqual({ messageId: 'm-9', deliveryTag: 1, stream: 'stdout', line: 'one' });
    expect(json.stderr).toContain('{"messageId":"m-9","deliveryTag":1,"stream":"stderr","line":"oops"}');
  });

  it('Ctrl-C mid-batch lets running commands finish; nothing is lost', async () => {
    const queue = uniqueName();
    const done = join(tempDir(), 'done');
    await fillQueue(queue, numbers(40));
    // Body and newline in one write: four commands appending at once must not merge lines ("2", "4" → "24").
    const run = start(['listen', queue, '--exec', `sleep 1; b=$(cat); printf '%s\\n' "$b" >> ${done}`, '--concurrency', '4']);
    await waitFor(() => lines(done).length >= 4, 20_000, 'a first batch');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const finished = lines(done);
    const left = (await drainQueue(queue)).map((message) => message.content.toString());
    expect(finished.length).toBeLessThan(40);
    expect(new Set([...finished, ...left])).toEqual(new Set(numbers(40)));
    expect(result.stderr).toMatch(new RegExp(`${finished.length} succeeded`));
  });

  it('Ctrl-C kills commands that outlast the grace period and requeues their messages; a second Ctrl-C at once', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a', 'b']);
    const run = start(['listen', queue, '--exec', 'echo started; sleep 60', '--concurrency', '2'], { timeout: 40_000 });
    await waitFor(() => run.stdoutText().split('\n').filter(Boolean).length === 2, 20_000, 'two commands');
    const started = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(result.stderr).toMatch(/waiting up to 10 s for 2 running command\(s\)/);
    expect(result.stderr).toMatch(/0 succeeded, 2 failed, 2 requeued/);
    expect((await queueState(queue))?.messageCount).toBe(2);

    const again = start(['listen', queue, '--exec', 'echo started; sleep 60'], { timeout: 40_000 });
    await waitFor(() => again.stdoutText().includes('started'), 20_000, 'a command');
    again.child.kill('SIGINT');
    await waitFor(() => again.stderrText().includes('waiting up to'), 10_000, 'the grace notice');
    again.child.kill('SIGINT');
    expect((await again.done).code).toBe(130);
    await waitFor(async () => (await queueState(queue))?.messageCount === 2, 10_000, 'both messages back');
  });
});
