import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { HistogramLogReader } from 'hdr-histogram-js';
import { describe, expect, inject, it } from 'vitest';
import { deleteQueue, drainQueue, queueState, uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, mqcli, start, tempDir } from '../helpers/cli.js';
import { hasPika, PYTHON, skipWithout } from '../helpers/needs.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PIKA = join(ROOT, 'test/fixtures/pika-perf.py');
const schema = JSON.parse(readFileSync(join(ROOT, 'schema/perf.schema.json'), 'utf8'));
const noPika = skipWithout(hasPika, 'python3-pika', 'perf.test.ts');
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

type Latency = Record<'count' | 'min' | 'p50' | 'p95' | 'p99' | 'max', number>;

interface Doc {
  flags: Record<string, unknown>;
  plan: Record<string, unknown> & { queues: string[] };
  result: {
    end: { kind: string; reason?: string };
    broker: { version: string };
    totals: Record<'published' | 'confirmed' | 'received' | 'nacked' | 'returned' | 'gaps' | 'duplicates' | 'lost' | 'unstamped', number>;
    rates: { published: number; received: number };
    latency: Latency;
    confirmLatency: Latency;
    producers: { id: string; gaps: number; received: number; duplicates: number }[];
  };
  verdicts: { rule: string; failed: boolean | null }[];
}

const perf = async (args: string[], timeout = 30_000) => {
  const result = await mqcli(['perf', ...args], { timeout });
  return { ...result, doc: result.stdout === '' ? undefined : (JSON.parse(result.stdout) as Doc) };
};

describe('mqcli perf', () => {
  it('a 5 s run at --rate 200: plausible figures, no gaps, its own queue deleted, and the --json schema holds', async () => {
    const queue = uniqueName('perf');
    const { code, doc, stderr } = await perf([queue, '--rate', '200', '--duration', '5', '--json']);
    expect(code, stderr).toBe(0);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect((doc as Doc).flags).toEqual({ rate: 200, duration: 5, json: true });
    const { totals, rates, latency, confirmLatency, producers, broker, end } = (doc as Doc).result;
    expect(end.kind).toBe('duration');
    expect(broker.version).toMatch(/^\d+\.\d+/);
    expect(totals.published).toBeGreaterThan(900);
    expect(totals.published).toBeLessThanOrEqual(1001);
    expect(rates.published).toBeGreaterThan(170);
    expect(rates.published).toBeLessThan(230);
    expect(totals.received).toBe(totals.published);
    expect(totals.confirmed).toBe(totals.published);
    expect({ gaps: totals.gaps, duplicates: totals.duplicates, lost: totals.lost, nacked: totals.nacked }).toEqual({
      gaps: 0,
      duplicates: 0,
      lost: 0,
      nacked: 0,
    });
    expect(producers).toHaveLength(1);
    expect(latency.count).toBe(totals.received);
    expect(confirmLatency.count).toBe(totals.confirmed);
    expect(latency.min).toBeGreaterThan(0);
    expect(latency.min).toBeLessThanOrEqual(latency.p50);
    expect(latency.p50).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeLessThanOrEqual(latency.max);
    // Loopback, lightly loaded: well under a second.
    expect(latency.p50).toBeLessThan(500);
    expect(stderr).toMatch(/^latency\t\d+(\t[\d.]+ms){9}$/m);
    expect(await queueState(queue)).toBeUndefined();
  });

  it('--consumer-delay shows in the latency', async () => {
    const { code, doc, stderr } = await perf(['--rate', '50', '--duration', '3', '--consumer-delay', '30', '--prefetch', '10', '--json']);
    expect(code, stderr).toBe(0);
    const { latency, totals } = (doc as Doc).result;
    // 50 a second for a consumer that does 33: a line builds up, each message waits behind it.
    expect(totals.received).toBe(totals.published);
    expect(latency.p50).toBeGreaterThan(100);
    expect(latency.max).toBeGreaterThan(500);
  });

  it('--compare with --fail-if fails naming each figure, and passes within the limits', async () => {
    const dir = tempDir();
    const saved = join(dir, 'run.json');
    const base = await perf(['--rate', '100', '--duration', '2', '--save', saved]);
    expect(base.code, base.stderr).toBe(0);
    const strict = await perf([
      '--rate',
      '100',
      '--duration',
      '2',
      '--compare',
      saved,
      '--fail-if',
      'rate>-50%',
      '--fail-if',
      'p99<+100000%',
      '--fail-if',
      'max>100000',
    ]);
    expect(strict.code, strict.stderr).toBe(1);
    expect(strict.stderr).toMatch(/error: --fail-if 'rate>-50%': rate is [\d.]+, above [\d.]+ \(-50% of the saved [\d.]+\)/);
    expect(strict.stderr).toMatch(/error: --fail-if 'p99<\+100000%': p99 is [\d.]+, below [\d.]+ \(\+100000% of the saved [\d.]+\)/);
    expect(strict.stderr).not.toMatch(/--fail-if 'max>100000'/);
    const loose = await perf(['--rate', '100', '--duration', '2', '--compare', saved, '--fail-if', 'p99>+100000%', '--fail-if', 'rate<-50%', '--json']);
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.doc?.verdicts.map((v) => v.failed)).toEqual([false, false]);
  });

  it('a bad --fail-if, or a % without --compare, is exit 2 before connecting', async () => {
    const dead = { env: { MQ_PORT: '1' } };
    for (const [args, message] of [
      [['--fail-if', 'p98>+10%', '--compare', 'x.json'], /no figure 'p98'/],
      [['--fail-if', 'p99>>1'], /is not <figure><op><number>\[%\]/],
      [['--fail-if', 'p99>+10%'], /give --compare <file>/],
      [['--compare', join(tempDir(), 'missing.json')], /--compare .*missing.json: no such file/],
      [['--save', join(tempDir(), 'no-folder', 'run.json')], /--save .*run.json: cannot write there \(no such file\)/],
      [['--csv', join(tempDir(), 'no-folder', 'run.csv')], /--csv .*run.csv: cannot write it \(no such file\)/],
    ] as const) {
      const result = await mqcli(['perf', ...args], dead);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/ECONNREFUSED|connect/i);
    }
  });

  it.skipIf(noPika)('measures messages another program published in PerfTest layout (pika, both clocks)', async () => {
    const { port } = inject('broker');
    for (const clock of ['nanos', 'millis'] as const) {
      const queue = uniqueName('perf-pika');
      await withAmqp(async (connection) => void (await (await connection.createChannel()).assertQueue(queue)));
      const run = start(['perf', queue, '--producers', '0', '--count', '20', '--json', ...(clock === 'millis' ? ['--use-millis'] : [])], { timeout: 30_000 });
      await waitFor(async () => (await queueState(queue))?.consumerCount === 1, 15_000, 'the perf consumer');
      execFileSync(PYTHON, [PIKA, String(port), queue, '20', clock, '300']);
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      const { latency, totals, producers } = (JSON.parse(result.stdout) as Doc).result;
      expect(totals.received).toBe(20);
      expect(totals.unstamped).toBe(0);
      // Stamped 300 ms in the past, delivered at once: 300 ms and a little more, not 0, not years.
      expect(latency.min).toBeGreaterThanOrEqual(300);
      expect(latency.max).toBeLessThan(2300);
      expect(producers).toEqual([expect.objectContaining({ id: '', received: 20, gaps: 0, duplicates: 0 })]);
      await deleteQueue(queue);
    }
  });

  it('--csv writes a row per second in PerfTest column order, --hlog an interval log', async () => {
    const dir = tempDir();
    const csv = join(dir, 'run.csv');
    const hlog = join(dir, 'run.hlog');
    const { code, stderr, doc } = await perf(['--rate', '100', '--duration', '3', '--csv', csv, '--hlog', hlog, '--json']);
    expect(code, stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toMatch(
      /^time \(s\),published \(msg\/s\),returned \(msg\/s\),confirmed \(msg\/s\),nacked \(msg\/s\),received \(msg\/s\),min consumer latency/,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const [, published, , , , received] = (rows[2] as string).split(',').map(Number);
    expect(published).toBeGreaterThan(50);
    expect(received).toBeGreaterThan(50);
    const log = readFileSync(hlog, 'utf8');
    expect(log).toMatch(/^#\[StartTime: [\d.]+ /m);
    expect(log).toMatch(/^"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"$/m);
    expect(log.match(/^Tag=latency,[\d.]+,[\d.]+,[\d.]+,\S+$/gm)?.length).toBeGreaterThanOrEqual(3);
    // HdrHistogram's own reader gets every delivery back out of it, in µs.
    const reader = new HistogramLogReader(log);
    let latencies = 0;
    let maxMicros = 0;
    for (let histogram = reader.nextIntervalHistogram(); histogram !== null; histogram = reader.nextIntervalHistogram()) {
      if (histogram.tag !== 'latency') continue;
      latencies += histogram.totalCount;
      maxMicros = Math.max(maxMicros, histogram.maxValue);
    }
    expect(latencies).toBe(doc?.result.totals.received);
    expect(maxMicros / 1000).toBeCloseTo(doc?.result.latency.max as number, 0);
  });
});

describe('mqcli perf flags', () => {
  it('spreads producers and consumers over --queues and --connections; --auto-ack and --no-confirm count the same', async () => {
    const queue = uniqueName('perf-many');
    const args = [queue, '-x', '2', '-y', '3', '--queues', '2', '--connections', '1', '--auto-ack', '--no-confirm', '--count', '300', '--json'];
    const { code, doc, stderr } = await perf(args);
    expect(code, stderr).toBe(0);
    const { plan, result } = doc as Doc;
    expect(plan).toMatchObject({
      queues: [`${queue}-1`, `${queue}-2`],
      producers: 2,
      consumers: 3,
      autoAck: true,
      connections: { producers: 1, consumers: 1 },
    });
    expect(plan.confirm).toBeUndefined();
    expect(result.totals).toMatchObject({ published: 600, confirmed: 0, received: 600, gaps: 0, duplicates: 0, lost: 0 });
    expect(result.confirmLatency.count).toBe(0);
    expect(result.producers.map((p) => [p.received, p.gaps])).toEqual([
      [300, 0],
      [300, 0],
    ]);
    expect(new Set(result.producers.map((p) => (p as { queue?: string }).queue))).toEqual(new Set([`${queue}-1`, `${queue}-2`]));
    for (const name of plan.queues as string[]) expect(await queueState(name)).toBeUndefined();
  });

  it('--exchange and --routing-key: every queue bound with the key gets a copy of each message, none a duplicate', async () => {
    const exchange = uniqueName('perf-x');
    await withAmqp(async (connection) => void (await (await connection.createChannel()).assertExchange(exchange, 'direct')));
    const { code, doc, stderr } = await perf(['-e', exchange, '-k', 'all', '--queues', '2', '-y', '2', '--count', '50', '--json']);
    expect(code, stderr).toBe(0);
    expect((doc as Doc).result.totals).toMatchObject({ published: 50, received: 100, duplicates: 0, gaps: 0, lost: 0 });
    const missing = await mqcli(['perf', '-e', uniqueName('perf-none'), '--count', '1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: exchange 'perf-none-[^']+' does not exist$/m);
    await withAmqp(async (connection) => void (await (await connection.createChannel()).deleteExchange(exchange)));
  });

  it('--size, --persistent and --transient shape the messages as amqplib reads them, PerfTest layout first', async () => {
    for (const [flag, mode] of [
      ['--persistent', 2],
      ['--transient', 1],
    ] as const) {
      const queue = uniqueName('perf-shape');
      const { code, stderr } = await perf([queue, '--role', 'producer', flag, '--size', '1000', '--count', '3']);
      expect(code, stderr).toBe(0);
      const messages = await drainQueue(queue);
      expect(messages.map((m) => [m.content.length, m.content.readInt32BE(0), m.properties.deliveryMode])).toEqual([
        [1000, 0, mode],
        [1000, 1, mode],
        [1000, 2, mode],
      ]);
      // The wall clock (--role implies --use-millis): a timestamp within the last minute.
      expect(Math.abs(Number(messages[0]?.content.readBigInt64BE(4)) - Date.now())).toBeLessThan(60_000);
      expect(messages[0]?.properties.appId).toMatch(/^[0-9a-f]{6}\.1$/);
      await deleteQueue(queue);
    }
  });
});

describe('mqcli perf output on a terminal', () => {
  it('a live line a second on stderr, none in a pipe', async () => {
    if (spawnSync('script', ['--version']).status !== 0) return; // util-linux's script provides the terminal
    const { port } = inject('broker');
    const env = { PATH: process.env.PATH, HOME: tempDir(), MQ_HOST: '127.0.0.1', MQ_PORT: String(port), TERM: 'xterm' };
    const command = `stty cols 160 rows 40; "${process.execPath}" "${BIN}" perf --rate 50 --duration 2.5`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    const live = run.stdout.match(/^ +\d s  sent [\d.]+\/s  confirmed [\d.]+\/s  received [\d.]+\/s  in flight \d+  p50 [\d.]+ms  p99 [\d.]+ms\r?$/gm);
    expect(live?.length).toBeGreaterThanOrEqual(2);
    const piped = await perf(['--rate', '50', '--duration', '1.5']);
    expect(piped.stderr).not.toMatch(/in flight/);
    expect(piped.stderr).toMatch(/^mqcli perf: /);
  });
});

describe('mqcli perf: what the broker refuses, and ending early', () => {
  it('counts returns (the queue deleted mid-run) and nacks (a full reject-publish queue), and calls neither lost', async () => {
    const gone = uniqueName('perf-gone');
    const full = uniqueName('perf-full');
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(gone);
      await channel.assertQueue(full, { arguments: { 'x-max-length': 5, 'x-overflow': 'reject-publish' } });
    });
    // Consumers too: what was returned is not waited for, nor called lost.
    const returning = start(['perf', gone, '--rate', '100', '--duration', '2', '--json'], { timeout: 30_000 });
    const nacking = perf([full, '--predeclared', '--producers', '1', '--consumers', '0', '--count', '20', '--json']);
    await waitFor(async () => (await queueState(gone))?.consumerCount === 1, 15_000, 'the perf consumer');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await deleteQueue(gone);
    const returned = await returning.done;
    expect(returned.code, returned.stderr).toBe(0);
    const { totals: r } = (JSON.parse(returned.stdout) as Doc).result;
    expect(r.returned).toBeGreaterThan(10);
    expect(r.received).toBeGreaterThan(10);
    expect(r).toMatchObject({ lost: 0, gaps: 0 });
    expect(r.received + r.returned).toBe(r.published);
    const nacked = await nacking;
    expect(nacked.code, nacked.stderr).toBe(0);
    expect((nacked.doc as Doc).result.totals).toMatchObject({ published: 20, confirmed: 5, nacked: 15, lost: 0 });
    expect(nacked.stderr).toMatch(/^sent 20 \([\d.]+\/s\), confirmed 5, nacked 15, returned 0$/m);
    await deleteQueue(full);
  });

  it('a stream queue: consumers read from what comes next, with acks and a prefetch', async () => {
    const { code, doc, stderr } = await perf(['--queue-type', 'stream', '--rate', '100', '--duration', '2', '--json']);
    expect(code, stderr).toBe(0);
    const { plan, result } = doc as Doc;
    expect(plan).toMatchObject({ queueType: 'stream', prefetch: 1000 });
    expect(result.totals).toMatchObject({ received: result.totals.published, gaps: 0, lost: 0 });
    expect(await queueState(plan.queues[0] as string)).toBeUndefined();
  });

  it('Ctrl-C ends the run with the summary so far, exit 130, and its queue deleted', async () => {
    const run = start(['perf', '--rate', '100', '--duration', '60', '--json'], { timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    const { result: figures, plan } = JSON.parse(result.stdout) as Doc;
    expect(figures.end).toEqual({ kind: 'signal', reason: 'SIGINT' });
    expect(figures.totals.published).toBeGreaterThan(50);
    expect(figures.totals.published).toBeLessThan(400);
    expect(figures.totals.lost).toBe(0);
    expect(result.stderr).toMatch(/^mqcli perf: [\d.]+ s, ended by signal/m);
    expect(await queueState(plan.queues[0] as string)).toBeUndefined();
  });
});

describe('mqcli perf split over hosts (--role)', () => {
  it('a consumer on one side measures a producer on the other, on the wall clock', async () => {
    const queue = uniqueName('perf-split');
    const consumer = start(['perf', queue, '--role', 'consumer', '--count', '150', '--json'], { timeout: 30_000 });
    await waitFor(async () => (await queueState(queue))?.consumerCount === 1, 15_000, 'the consumer side');
    const producer = await mqcli(['perf', queue, '--role', 'producer', '--rate', '100', '--count', '150', '--json']);
    expect(producer.code, producer.stderr).toBe(0);
    const consumed = await consumer.done;
    expect(consumed.code, consumed.stderr).toBe(0);
    const sent = (JSON.parse(producer.stdout) as Doc).result;
    const got = JSON.parse(consumed.stdout) as Doc;
    expect(got.plan.useMillis).toBe(true);
    expect(sent.totals.confirmed).toBe(150);
    expect(got.result.totals.received).toBe(150);
    expect(got.result.latency.count).toBe(150);
    expect(got.result.latency.max).toBeLessThan(5000);
    // The producer's id travels in app-id: the consumer side follows its sequence.
    expect(got.result.producers).toEqual([expect.objectContaining({ id: sent.producers[0]?.id, received: 150, gaps: 0, duplicates: 0 })]);
    expect(consumed.stderr).not.toMatch(/^sent /m);
    expect(producer.stderr).not.toMatch(/^received /m);
    // Split over hosts, neither side deletes the queue the other may still use.
    expect(await queueState(queue)).toMatchObject({ messageCount: 0 });
    await deleteQueue(queue);
  });
});

describe('mqcli perf when the broker drops confirmed messages', () => {
  it('says how many were lost and exits 1', async () => {
    // x-max-length with drop-head: the broker confirms every message, then throws the oldest away.
    const queue = uniqueName('perf-drop');
    await withAmqp(async (connection) => {
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { arguments: { 'x-max-length': 5, 'x-overflow': 'drop-head' } });
    });
    const { code, stderr, doc } = await perf([
      queue,
      '--predeclared',
      '--rate',
      '100',
      '--duration',
      '1',
      '--consumer-delay',
      '50',
      '--prefetch',
      '1',
      '--json',
    ]);
    expect(code, stderr).toBe(1);
    const { totals } = (doc as Doc).result;
    expect(totals.lost).toBeGreaterThan(0);
    expect(totals.lost).toBe(totals.confirmed - totals.received);
    expect(stderr).toMatch(new RegExp(`^error: ${totals.lost} confirmed messages were lost: never delivered and not in the queue$`, 'm'));
    // --predeclared: the queue is the user's, and stays.
    expect(await queueState(queue)).toBeDefined();
    await deleteQueue(queue);
  });
});
