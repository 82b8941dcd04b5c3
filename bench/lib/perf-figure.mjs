// mqcli perf's figures: its producers against the amqplib confirm loop, its consumers against the
// amqplib consumer, and the latency of a lightly loaded run on loopback.
import { join } from 'node:path';
import { writeLines } from './data.mjs';
import { verdict } from './figures.mjs';
import { compare, formatCount } from './measure.mjs';
import { BIN, CONSUME_BASELINE, NODE, SEND_BASELINE } from './paths.mjs';

/** A 100-byte body in PerfTest's layout (sequence 0, now on the monotonic clock), as perf reads it. */
function stampedBody(size) {
  const body = Buffer.alloc(size);
  body.writeBigInt64BE(process.hrtime.bigint(), 4);
  return body;
}

export async function perfFigures(b) {
  const { N } = b.settings;
  const { figure, record, rateRow, rows } = b.results;
  const mqcli = (args, options) => b.run(NODE, [BIN, ...args], { label: 'mqcli', ...options });
  const queue = 'bench-perf';

  const publishLabel = `perf producer ${formatCount(N)} × 100 B`;
  await figure(publishLabel, async () => {
    const lines = join(b.tmp, 'perf-lines.txt');
    writeLines(lines, N, 100);
    const results = record(
      publishLabel,
      await compare({
        title: publishLabel,
        rounds: b.settings.rounds,
        log: b.log,
        contenders: [
          { name: 'mqcli', run: () => mqcli(['perf', queue, '--predeclared', '-y', '0', '-C', String(N), '-s', '100', '--quiet']) },
          { name: 'amqplib', run: () => b.run(NODE, [SEND_BASELINE, queue, 'transient'], { stdin: lines, label: 'send-confirm.mjs' }) },
        ],
        before: () => b.admin.resetQueue(queue),
        after: (c) => b.admin.expectCount(queue, N, `${publishLabel}, ${c.name}`),
      }),
    );
    rateRow({
      figure: `${publishLabel} vs amqplib confirm loop (transient)`,
      n: N,
      size: 100,
      mqcliMs: results.mqcli.median,
      baseMs: results.amqplib.median,
      baseName: 'amqplib',
      target: 0.9,
    });
  });

  const consumeLabel = `perf consumer ${formatCount(N)} × 100 B`;
  await figure(consumeLabel, async () => {
    const results = record(
      consumeLabel,
      await compare({
        title: consumeLabel,
        rounds: b.settings.rounds,
        log: b.log,
        contenders: [
          { name: 'mqcli', run: () => mqcli(['perf', queue, '--predeclared', '-x', '0', '-C', String(N), '--prefetch', '100', '--quiet']) },
          { name: 'amqplib', run: () => b.run(NODE, [CONSUME_BASELINE, queue, String(N)], { stdout: join(b.tmp, 'perf-consume.out'), label: 'consume.mjs' }) },
        ],
        before: async () => {
          await b.admin.resetQueue(queue);
          await b.admin.fill(queue, N, stampedBody(100));
        },
        after: (c) => b.admin.expectCount(queue, 0, `${consumeLabel}, ${c.name}`),
      }),
    );
    rateRow({
      figure: `${consumeLabel} vs amqplib consumer (prefetch 100)`,
      n: N,
      size: 100,
      mqcliMs: results.mqcli.median,
      baseMs: results.amqplib.median,
      baseName: 'amqplib',
      target: 0.9,
    });
  });

  const latencyLabel = 'perf --rate 100, p50 latency on loopback';
  await figure(latencyLabel, async () => {
    const out = join(b.tmp, 'perf-latency.json');
    await mqcli(['perf', '--rate', '100', '--duration', b.settings.quick ? '3' : '10', '--json', '--quiet'], { stdout: out });
    const { readFileSync } = await import('node:fs');
    const { latency } = JSON.parse(readFileSync(out, 'utf8')).result;
    b.log(`${latencyLabel}: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
    rows.push({
      figure: latencyLabel,
      mqcli: `p50 ${latency.p50.toFixed(2)} ms (p99 ${latency.p99.toFixed(2)} ms)`,
      baseline: '—',
      ratio: '—',
      target: '≤ 2 ms',
      result: verdict(latency.p50, 2, 'lower'),
    });
  });
  await b.admin.deleteQueue(queue);
}
