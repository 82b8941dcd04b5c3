// queue dump and queue restore against the real broker; wire types read back by pika.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import amqp from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { ctl, drainQueue, fillQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { hasPika, MISSING_PIKA, PYTHON, skipWithout } from '../helpers/needs.js';
import { waitFor } from '../helpers/wait.js';

const noPika = skipWithout(hasPika, MISSING_PIKA, 'dump.test.ts');
const numbered = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);
const api = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });
const linesOf = (file: string) => {
  const bytes = readFileSync(file);
  return (bytes[0] === 0x1f ? gunzipSync(bytes) : bytes).toString('utf8').split('\n').filter(Boolean);
};
const bodiesIn = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as { body?: string };
        return parsed.body === undefined ? [] : [parsed.body];
      } catch {
        return []; // the line a kill cut short
      }
    });

describe('queue dump and restore', () => {
  it('dumps with a header and checksum, leaving the queue; restores into an empty vhost, declared from the header', async () => {
    const queue = uniqueName('orders');
    await fillQueue(
      queue,
      [...numbered(50), Buffer.from([0xff, 0x00])],
      { headers: { n: 5, s: 'x' }, messageId: 'id' },
      { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } },
    );
    await withAmqp(async (connection) => (await connection.createChannel()).bindQueue(queue, 'amq.topic', 'orders.#'));
    const file = join(tempDir(), 'orders.jsonl.gz');
    const dumped = await mqcli(['queue', 'dump', queue, file], { env: api() });
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stderr).toMatch(/wrote 51 messages to .* left in queue/);
    const lines = linesOf(file);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      queue,
      count: 51,
      declaration: { type: 'quorum', arguments: { 'x-delivery-limit': 5 }, bindings: [{ exchange: 'amq.topic', routingKey: 'orders.#' }] },
    });
    expect(JSON.parse(lines[lines.length - 1] as string)).toMatchObject({ count: 51, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await queueState(queue))?.messageCount).toBe(51);

    const vhost = uniqueName('vhost');
    ctl('add_vhost', vhost);
    ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
    const restored = await mqcli(['queue', 'restore', file], { env: { ...api(), MQ_VHOST: vhost } });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/created queue .* \(quorum, 1 bindings\)[\s\S]*published 51 messages/);
    const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${inject('broker').port}/${encodeURIComponent(vhost)}`);
    try {
      const channel = await connection.createChannel();
      const got = [];
      for (let m = await channel.get(queue, { noAck: true }); m !== false; m = await channel.get(queue, { noAck: true })) got.push(m);
      expect(got.slice(0, 50).map((m) => m.content.toString())).toEqual(numbered(50));
      expect(got[50]?.content).toEqual(Buffer.from([0xff, 0x00]));
      expect(got[0]?.properties).toMatchObject({ headers: { n: 5, s: 'x' }, messageId: 'id' });
    } finally {
      await connection.close();
      ctl('delete_vhost', vhost);
    }
    expect((await drainQueue(queue)).map((m) => m.content.toString()).slice(0, 50)).toEqual(numbered(50));
  });

  it.skipIf(noPika)('keeps every header wire type from dump to restore, as pika reads them', async () => {
    const [source, target] = [uniqueName('typed'), uniqueName('typed')];
    await fillQueue(source, []);
    const table = [
      ['int8', ['b', -7]],
      ['int64', ['l', '9007199254740993']],
      ['double', ['d', '4000000000000000']],
      ['bytes', ['x', '00ff']],
      ['latin1', ['S', 'e9']],
      ['decimal', ['D', [2, -12345]]],
      ['time', ['T', '1700000000']],
      [
        'list',
        [
          'A',
          [
            ['s', 5],
            ['t', true],
          ],
        ],
      ],
    ];
    const { port } = inject('broker');
    execFileSync(PYTHON, ['test/fixtures/pika-tables.py', 'publish', String(port), source], { input: JSON.stringify([table]), timeout: 30_000 });
    const file = join(tempDir(), 'typed.jsonl');
    expect((await mqcli(['queue', 'dump', source, file])).code).toBe(0);
    const restored = await mqcli(['queue', 'restore', file, target]);
    expect(restored.code, restored.stderr).toBe(0);
    const read = execFileSync(PYTHON, ['test/fixtures/pika-tables.py', 'read', String(port), target, '1'], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(read)).toEqual([table]);
  });

  it('refuses a truncated dump, plain or gzip, before connecting', async () => {
    const queue = uniqueName();
    await fillQueue(queue, numbered(20));
    const dir = tempDir();
    for (const name of ['cut.jsonl', 'cut.jsonl.gz']) {
      const file = join(dir, name);
      expect((await mqcli(['queue', 'dump', queue, file])).code).toBe(0);
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length - 30));
      const target = uniqueName('never');
      const result = await mqcli(['queue', 'restore', file, target], { env: { MQ_PORT: '1' } });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/is not a complete mqcli dump/);
    }
    const again = await mqcli(['queue', 'dump', queue, join(dir, 'cut.jsonl')]);
    expect(again.code).toBe(2);
  });

  it('kill -9 during dump --take loses nothing: each message is in the file or still in the queue', async () => {
    const queue = uniqueName();
    const all = numbered(30_000);
    await fillQueue(queue, all);
    const file = join(tempDir(), 'take.jsonl');
    const run = start(['queue', 'dump', queue, file, '--take']);
    await waitFor(async () => statSync(file, { throwIfNoEntry: false })?.size !== undefined && statSync(file).size > 200_000, 15_000, 'the dump to write');
    run.child.kill('SIGKILL');
    await run.done;
    const inFile = bodiesIn(file);
    const inQueue = (await drainQueue(queue)).map((m) => m.content.toString());
    expect(inFile.length).toBeGreaterThan(0);
    expect(inQueue.length).toBeGreaterThan(0);
    expect(new Set([...inFile, ...inQueue])).toEqual(new Set(all));
  });

  it('kill -9 during restore, then --resume, publishes what was not confirmed', async () => {
    const [source, target] = [uniqueName('src'), uniqueName('dst')];
    const all = numbered(6000);
    await fillQueue(source, all);
    const file = join(tempDir(), 'resume.jsonl');
    expect((await mqcli(['queue', 'dump', source, file])).code).toBe(0);
    const run = start(['queue', 'restore', file, target, '--rate', '3000']);
    await waitFor(async () => statSync(`${file}.restore-state`, { throwIfNoEntry: false }) !== undefined, 15_000, 'the restore to confirm 500');
    run.child.kill('SIGKILL');
    await run.done;
    const resumed = await mqcli(['queue', 'restore', file, target, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/confirmed before, skipped/);
    const got = (await drainQueue(target)).map((m) => m.content.toString());
    expect(new Set(got)).toEqual(new Set(all));
    // What was in flight at the kill (the window, 2,000) and confirmed since the state file was written (500).
    expect(got.length).toBeLessThanOrEqual(all.length + 2500);
  });
});
