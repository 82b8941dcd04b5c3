// listen --template against the real broker: placeholders filled from delivered messages, bad
// templates refused before connecting, message bytes kept in a pipe and shown safely on a terminal.
import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, mqcli, tempDir } from '../helpers/cli.js';

describe('listen --template', () => {
  it('fills placeholders from each message and acks it', async () => {
    const queue = uniqueName('tpl');
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue, { autoDelete: false });
      channel.sendToQueue(queue, Buffer.from('first'), { headers: { 'x-id': 'a-1', n: 5 }, contentType: 'text/plain', messageId: 'm1' });
      channel.sendToQueue(queue, Buffer.from('second\tbody'), { headers: { 'x-id': 'b-2' }, timestamp: 1_700_000_000 });
      await channel.waitForConfirms();
    });
    const result = await mqcli([
      'listen',
      queue,
      '--drain',
      '--template',
      '{routingKey}\\t{headers.x-id}\\t{body}\\t{size}\\t{contentType}|{messageId}|{timestamp}|{headers.n}|{redelivered}|{{x}}\\n',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${queue}\ta-1\tfirst\t5\ttext/plain|m1||5|false|{x}\n${queue}\tb-2\tsecond\tbody\t11\t||1700000000||false|{x}\n`);
    expect((await queueState(queue))?.messageCount).toBe(0);
  });

  it('--format template --template, with a binary body written byte for byte in a pipe', async () => {
    const queue = uniqueName('tpl-bin');
    const binary = Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]);
    await fillQueue(queue, [binary]);
    const result = await mqcli(['listen', queue, '--count', '1', '--format', 'template', '--template', '<{body}>{bodyBase64}']);
    expect(result.code).toBe(0);
    expect(result.stdoutBytes).toEqual(Buffer.concat([Buffer.from('<'), binary, Buffer.from(`>${binary.toString('base64')}`)]));
  });

  it.each([
    [
      ['--template', '{routingkey} {nope}'],
      /^error: --template: unknown placeholder \{routingkey\} \(did you mean \{routingKey\}\?\); unknown placeholder \{nope\}\n/,
    ],
    [['--format', 'template'], /^error: --format template needs --template/],
    [['--json', '--template', '{body}'], /^error: --template and --json disagree; pick one/],
  ])('refuses %j with exit 2 before connecting: no queue is created', async (flags, message) => {
    const queue = uniqueName('tpl-bad');
    const result = await mqcli(['listen', queue, '--drain', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await queueState(queue)).toBeUndefined();
  });

  it('on a terminal, control characters from the message are shown, not sent', async () => {
    if (spawnSync('script', ['--version']).status !== 0) return; // util-linux's script provides the terminal
    const queue = uniqueName('tpl-tty');
    await fillQueue(queue, ['clear\x1b[2J\x07done'], { headers: { h: 'x\x1b]0;pwned\x07' } });
    const { port } = inject('broker');
    const env = { PATH: process.env.PATH, HOME: tempDir(), MQ_HOST: '127.0.0.1', MQ_PORT: String(port) };
    const command = `"${process.execPath}" "${BIN}" listen ${queue} --count 1 --template '[{headers.h}] {body}\\n'`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[x\\x1b]0;pwned\\x07] clear\\x1b[2J\\x07done');
    expect(run.stdout).not.toContain('\x1b[2J');
    expect(run.stdout).not.toContain('\x07');
  });
});
