// Bad input ends with exit 2 before connecting: no queue created, nothing left behind. And what
// the broker does with names, which is why some are refused (checked here on the real broker).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, baseEnv, mqcli, tempDir } from '../helpers/cli.js';

const api = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });

/** Every queue name in the vhost, from the management API (not mqcli). */
async function queueNames(): Promise<string[]> {
  const response = await fetch(`${api().MQ_API_URL}/api/queues/%2F?columns=name`, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
  });
  return ((await response.json()) as { name: string }[]).map((queue) => queue.name);
}

describe('what the broker does with names', () => {
  it('drops CR and LF from queue and exchange names, keeps other control characters, and routes on routing keys as given', async () => {
    const id = uniqueName('names');
    await withAmqp(async (connection) => {
      const channel = await connection.createConfirmChannel();
      const declared = await channel.assertQueue(`${id}\nq`, { autoDelete: false });
      expect(declared.queue).toBe(`${id}q`);
      expect((await channel.assertQueue(`${id}\x1bq`)).queue).toBe(`${id}\x1bq`);
      await channel.assertExchange(`${id}\r\nx`, 'direct', { autoDelete: false });
      await channel.checkExchange(`${id}x`);
      await channel.bindQueue(`${id}q`, 'amq.direct', `${id}\nkey`);
      channel.publish('amq.direct', `${id}\nkey`, Buffer.from('routed'));
      await channel.waitForConfirms();
      expect((await channel.checkQueue(`${id}q`)).messageCount).toBe(1);
      for (const queue of [`${id}q`, `${id}\x1bq`]) await channel.deleteQueue(queue);
      await channel.deleteExchange(`${id}x`);
    });
  });
});

describe('send refuses before connecting what it used to find out after creating the queue', () => {
  it.each([
    ['a --message-id of 300 characters', (queue: string) => ['send', queue, 'x', '--message-id', 'm'.repeat(300)], /^error: --message-id is 300 bytes long/],
    ['-H k=<70,000 characters>', (queue: string) => ['send', queue, 'x', '-H', `k=${'a'.repeat(70_000)}`], /^error: the --header values take 70,011 bytes/],
    ['a --type of 256 bytes', (queue: string) => ['send', queue, 'x', '--type', 't'.repeat(256)], /^error: --type is 256 bytes long/],
  ])('%s: exit 2, no queue', async (_what, args, message) => {
    const queue = uniqueName('bad');
    const result = await mqcli(args(queue));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/created queue/);
    expect(await queueState(queue)).toBeUndefined();
  });

  it('an envelope whose headers are over 64 KiB: exit 2, no queue', async () => {
    const queue = uniqueName('bad');
    const envelope = JSON.stringify({ body: 'x', properties: { headers: { k: 'a'.repeat(70_000) } } });
    const result = await mqcli(['send', queue, '--json'], { input: `${envelope}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: the headers of line 1 of stdin take 70,011 bytes as an AMQP table; amqplib sends at most 65,536; nothing was sent\n/,
    );
    expect(await queueState(queue)).toBeUndefined();
  });

  it('headers amqplib cannot write (not UTF-8) go past 64 KiB, up to what one frame holds; beyond: exit 2, no queue', async () => {
    const envelope = (size: number) =>
      `${JSON.stringify({ body: 'x', properties: { headers: { k: { '!': 'longstr', value: Buffer.alloc(size, 0xff).toString('base64') } } } })}\n`;
    const [fits, over] = [uniqueName('raw'), uniqueName('raw')];
    const sent = await mqcli(['send', fits, '--json'], { input: envelope(120_000) });
    expect(sent.code).toBe(0);
    expect((await queueState(fits))?.messageCount).toBe(1);
    const refused = await mqcli(['send', over, '--json'], { input: envelope(130_000) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: the headers of line 1 of stdin take 130,011 bytes as an AMQP table; a content header frame holds at most 128,480/);
    expect(await queueState(over)).toBeUndefined();
  });

  it('such headers further down the stream stop send with exit 2 before the broker sees them, not in a loop of reconnects', async () => {
    const queue = uniqueName('raw');
    const big = JSON.stringify({ body: 'x', properties: { headers: { k: { '!': 'longstr', value: Buffer.alloc(300_000, 0xff).toString('base64') } } } });
    const result = await mqcli(['send', queue, '--json'], { input: `{"body":"first"}\n${big}\n{"body":"third"}\n`, timeout: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: the headers of line 2 of stdin take 300,011 bytes as an AMQP table/);
    expect(result.stderr).not.toMatch(/FRAME_ERROR|reconnect/);
    expect((await queueState(queue))?.messageCount).toBe(1);
  });

  it('a queue name holding a newline: exit 2, and neither it nor the name the broker would make exists', async () => {
    const id = uniqueName('nl');
    const result = await mqcli(['send', `${id}\nname`, 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the queue name '${id}\\x0aname' holds the control character \\x0a\n  RabbitMQ removes CR and LF from queue names, so it would be another queue\n`,
    );
    const names = await queueNames();
    expect(names.filter((name) => name.startsWith(id))).toEqual([]);
  });

  it('a binding key over 255 bytes or --arg values over 64 KiB: exit 2 before connecting, no queue', async () => {
    const queue = uniqueName('bad');
    const key = 'k'.repeat(256);
    const big = `x-k=${'a'.repeat(70_000)}`;
    for (const args of [
      ['listen', '--exchange', 'amq.direct', '--binding', key, '--count', '1'],
      ['queue', 'bind', queue, 'amq.direct', '--routing-key', key],
      ['queue', 'bind', queue, 'amq.headers', '--arg', big],
      ['queue', 'declare', queue, '--arg', big],
    ]) {
      const result = await mqcli(args);
      expect(result.code, args.slice(0, 2).join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^error: (the routing key is longer than AMQP's 255 bytes|the --arg values take 70,013 bytes as an AMQP table)/);
    }
    expect(await queueState(queue)).toBeUndefined();
  });

  it('an exchange name holding CR or LF, and queue move to one: exit 2', async () => {
    const send = await mqcli(['send', '--exchange', 'amq.direct\r', 'key', 'x']);
    expect(send.code).toBe(2);
    expect(send.stderr).toMatch(
      /^error: the exchange name 'amq\.direct\\x0d' holds the control character \\x0d\n  RabbitMQ removes CR and LF from exchange names/,
    );
    const source = uniqueName('src');
    await fillQueue(source, ['a']);
    const move = await mqcli(['queue', 'move', source, '--exchange', 'amq.\ndirect']);
    expect(move.code).toBe(2);
    expect((await queueState(source))?.messageCount).toBe(1);
  });

  it('in a folder whose .env sets QUEUE_NAME, `send "task two" </dev/null` in a script is exit 2 as on a terminal, and creates nothing', async () => {
    const dir = tempDir();
    const queue = uniqueName('env');
    writeFileSync(join(dir, '.env'), `QUEUE_NAME=${queue}\n`);
    const message = `${queue}-task two`;
    const result = await mqcli(['send', message], { cwd: dir, input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no message given; nothing was sent\n  Give it as an argument/);
    expect(await queueState(message)).toBeUndefined();
    expect(await queueState(queue)).toBeUndefined();
  });
});

/** Runs mqcli under script(1), a terminal of its own; resolves with its exit code and all it wrote. */
function onTerminal(args: string[]): Promise<{ code: number | null; output: string }> {
  const home = tempDir();
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...baseEnv(home), ...api(), NO_COLOR: '1' }, cwd: home });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

// On a terminal every line is checked for raw controls; script(1) itself adds only \r before \n.
const RAW_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]/;
const TITLE = '\x1b]0;PWNED\x07';

describe('names from users, messages and the broker never reach a terminal raw', () => {
  it("the issue's repro: listen on a queue named with an OSC title is refused, its name shown escaped", async () => {
    const { code, output } = await onTerminal(['listen', `q${TITLE}`, '--count', '1', '--idle-timeout', '1']);
    expect(code).toBe(2);
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output).toContain("error: the queue name 'q\\x1b]0;PWNED\\x07' holds the control character \\x1b");
  });

  it("send's summary and the NO_ROUTE error show a routing key's controls escaped", async () => {
    const queue = uniqueName('rk');
    const key = `${queue}${TITLE}`;
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { autoDelete: false });
      await channel.bindQueue(queue, 'amq.direct', key);
    });
    const sent = await onTerminal(['send', '--exchange', 'amq.direct', key, 'x']);
    expect(sent.code).toBe(0);
    expect(sent.output).not.toMatch(RAW_CONTROL);
    expect(sent.output).toContain(`sent 1 message to exchange 'amq.direct' (routing key '${queue}\\x1b]0;PWNED\\x07')`);
    const unrouted = await onTerminal(['send', '--exchange', 'amq.direct', `${key}\x07`, 'x']);
    expect(unrouted.code).toBe(1);
    expect(unrouted.output).not.toMatch(RAW_CONTROL);
    expect(unrouted.output).toContain(`(routing key '${queue}\\x1b]0;PWNED\\x07\\x07')`);
  });

  it("a missing exchange's 404, its hint and its suggested command show the name escaped", async () => {
    const exchange = `${uniqueName('nx')}${TITLE}`;
    const { code, output } = await onTerminal(['send', '--exchange', exchange, 'key', 'x']);
    expect(code).toBe(1);
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output).toMatch(/error: exchange 'nx-[^']*\\x1b\]0;PWNED\\x07' does not exist/);
    expect(output).toMatch(/Create it with: mqcli exchange declare nx-\S*\\x1b\]0;PWNED\\x07/);
  });

  it('queue info and queue list show what the broker holds escaped', async () => {
    const queue = uniqueName('info');
    const hostile = `${queue}${TITLE}`;
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { autoDelete: false, arguments: { 'x-dead-letter-exchange': `dlx${TITLE}` } });
      await channel.assertQueue(hostile, { autoDelete: false });
    });
    const info = await onTerminal(['queue', 'info', queue]);
    expect(info.code).toBe(0);
    expect(info.output).not.toMatch(RAW_CONTROL);
    expect(info.output).toMatch(/arguments +x-dead-letter-exchange=dlx\\x1b\]0;PWNED\\x07/);
    const list = await onTerminal(['queue', 'list', '--filter', `${queue}*`]);
    expect(list.code).toBe(0);
    expect(list.output).not.toMatch(RAW_CONTROL);
    expect(list.output).toContain(`${queue}\\x1b]0;PWNED\\x07`);
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      for (const name of [queue, hostile]) await channel.deleteQueue(name);
    });
  });
});
