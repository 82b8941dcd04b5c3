// The figures of the benchmark, in the order they run. Each takes the run's context `b`:
// { settings, tools, tmp, log, run, mqcli, input, broker, admin, results } (see bench/run.mjs).
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { body, expectLines } from './data.mjs';
import { verdict } from './figures.mjs';
import { compare, formatCount, formatMs, formatRate, formatRatio, formatSize } from './measure.mjs';
import { oneMessageFigure, startupFigure } from './latency.mjs';
import { memoryFigures } from './memory.mjs';
import { moveFigure } from './move-figure.mjs';
import { backupFigures } from './backup-figure.mjs';
import { clusterSendFigure } from './cluster-figure.mjs';
import { execFigures } from './exec-figure.mjs';
import { perfFigures } from './perf-figure.mjs';
import { CONSUME_BASELINE, NODE, SEND_BASELINE } from './paths.mjs';

/** Runs every figure; failures are recorded in b.results and the run goes on. */
export async function runScenarios(b) {
  const { N } = b.settings;
  const { figure } = b.results;
  // a. send: 100-byte lines from stdin, persistent (the default) and --transient, each against
  // the amqplib loop with the same delivery mode
  let listenAck;
  await figure(`send ${formatCount(N)} × 100 B`, () =>
    sendFigure(b, { n: N, size: 100, queue: 'bench-send', label: `send ${formatCount(N)} × 100 B`, target: 0.9, withPublish: true }),
  );
  await figure(`send --transient ${formatCount(N)} × 100 B`, () =>
    sendFigure(b, { n: N, size: 100, queue: 'bench-send', label: `send --transient ${formatCount(N)} × 100 B`, target: 0.9, transient: true }),
  );

  // b. listen, with acks and with --no-ack
  await figure(`listen ${formatCount(N)} × 100 B`, async () => {
    listenAck = await listenFigure(b, { n: N, size: 100, queue: 'bench-listen', label: `listen ${formatCount(N)} × 100 B`, target: 0.9 });
  });
  await figure(`listen --no-ack ${formatCount(N)} × 100 B`, () =>
    listenFigure(b, { n: N, size: 100, queue: 'bench-listen', label: `listen --no-ack ${formatCount(N)} × 100 B`, noAck: true, target: 0.9 }),
  );

  await figure(`queue move ${formatCount(N)} × 100 B`, () => moveFigure(b, { n: N, size: 100 }));
  // j. queue browse, dump and restore against listen and send (also alone: node bench/backup.mjs)
  await backupFigures(b, { n: N, size: 100 });

  await consumeToolFigure(b, listenAck);
  // h. listen --exec and request/reply (also alone: node bench/exec.mjs)
  await execFigures(b);
  // i. mqcli perf: producers and consumers against amqplib, latency at --rate 100 (also alone: node bench/perf.mjs)
  await perfFigures(b);
  await startupFigure(b);
  await oneMessageFigure(b);
  await memoryFigures(b);

  // g. send to a quorum queue on a three-node cluster of its own (also alone: node bench/cluster.mjs)
  await figure('send to a quorum queue on a 3-node cluster', () => clusterSendFigure(b));

  // f. message sizes
  for (const { size, n } of b.settings.SIZES) {
    const label = (verb) => `${verb} ${formatCount(n)} × ${formatSize(size)}`;
    await figure(label('send'), () => sendFigure(b, { n, size, queue: 'bench-size', label: label('send'), target: 0.9, info: true }));
    await figure(label('listen'), () => listenFigure(b, { n, size, queue: 'bench-size', label: label('listen'), target: 0.9, info: true }));
  }
}

async function sendFigure(b, { n, size, queue, label, target, info, withPublish, transient = false }) {
  const {
    admin,
    log,
    results: { rows, record, rateRow },
    tools: { hasPublish },
  } = b;
  const file = b.input(n, size);
  const contenders = [
    { name: 'mqcli', run: () => b.mqcli(['send', queue, '--quiet', ...(transient ? ['--transient'] : [])], { stdin: file }) },
    { name: 'amqplib', run: () => b.run(NODE, [SEND_BASELINE, queue, transient ? 'transient' : 'persistent'], { stdin: file, label: 'send-confirm.mjs' }) },
  ];
  if (withPublish && hasPublish)
    contenders.push({ name: 'amqp-publish', run: () => b.run('amqp-publish', ['-u', b.broker.url, '-r', queue, '-l'], { stdin: file }) });
  const results = record(
    label,
    await compare({
      title: label,
      rounds: b.settings.rounds,
      contenders,
      log,
      before: () => admin.resetQueue(queue),
      after: (c) => admin.expectCount(queue, n, `${label}, ${c.name}`),
    }),
  );
  rateRow({
    figure: `${label} vs amqplib confirm loop (${transient ? 'transient' : 'persistent'})`,
    n,
    size,
    mqcliMs: results.mqcli.median,
    baseMs: results.amqplib.median,
    baseName: 'amqplib',
    target,
    info,
  });
  if (withPublish) {
    if (hasPublish)
      rateRow({
        figure: `${label} vs amqp-publish -l (C, no confirms)`,
        n,
        size,
        mqcliMs: results.mqcli.median,
        baseMs: results['amqp-publish'].median,
        baseName: 'amqp-publish',
      });
    else rows.push({ figure: `${label} vs amqp-publish`, result: 'skipped (amqp-publish not on PATH)' });
  }
  return results;
}

async function listenFigure(b, { n, size, queue, label, noAck = false, target, info }) {
  const {
    admin,
    log,
    results: { record, rateRow },
  } = b;
  const out = join(b.tmp, 'listen.out');
  // --count stops at exactly n only with acks; without, the queue is read to its end.
  const stop = noAck ? ['--no-ack', '--drain'] : ['--count', String(n)];
  const results = record(
    label,
    await compare({
      title: label,
      rounds: b.settings.rounds,
      log,
      contenders: [
        { name: 'mqcli', run: () => b.mqcli(['listen', queue, '--quiet', ...stop], { stdout: out }) },
        {
          name: 'amqplib',
          run: () => b.run(NODE, [CONSUME_BASELINE, queue, String(n), ...(noAck ? ['--no-ack'] : [])], { stdout: out, label: 'consume.mjs' }),
        },
      ],
      before: async () => {
        await admin.resetQueue(queue);
        await admin.fill(queue, n, body(size));
      },
      after: async (c) => {
        await expectLines(out, n, size, `${label}, ${c.name}`);
        rmSync(out);
      },
    }),
  );
  rateRow({
    figure: `${label} vs amqplib consumer${noAck ? ' (noAck)' : ''}`,
    n,
    size,
    mqcliMs: results.mqcli.median,
    baseMs: results.amqplib.median,
    baseName: 'amqplib',
    target,
    info,
  });
  return results;
}

/** c. listen against amqp-consume, which runs a process (here cat) per message. */
async function consumeToolFigure(b, listenAck) {
  const {
    admin,
    log,
    results: { rows, figure, record },
  } = b;
  const { N, N_CONSUME_TOOL, rounds } = b.settings;
  const consumeLabel = `listen vs amqp-consume … cat (${formatCount(N_CONSUME_TOOL)} msgs)`;
  if (!b.tools.hasConsume) rows.push({ figure: consumeLabel, result: 'skipped (amqp-consume not on PATH)' });
  else
    await figure(consumeLabel, async () => {
      if (!listenAck) throw new Error('needs the listen figure above, which failed');
      const queue = 'bench-consume-tool';
      const out = join(b.tmp, 'consume.out');
      const results = record(
        consumeLabel,
        await compare({
          title: 'amqp-consume',
          rounds,
          log,
          contenders: [
            { name: 'amqp-consume', run: () => b.run('amqp-consume', ['-u', b.broker.url, '-q', queue, '-c', String(N_CONSUME_TOOL), 'cat'], { stdout: out }) },
          ],
          before: async () => {
            await admin.resetQueue(queue);
            await admin.fill(queue, N_CONSUME_TOOL, body(100));
          },
          after: async () => {
            const bytes = statSync(out).size; // cat writes the bodies without newlines
            if (bytes !== N_CONSUME_TOOL * 100) throw new Error(`amqp-consume wrote ${bytes} bytes, expected ${N_CONSUME_TOOL * 100}`);
          },
        }),
      );
      const mine = (N / listenAck.mqcli.median) * 1000;
      const theirs = (N_CONSUME_TOOL / results['amqp-consume'].median) * 1000;
      rows.push({
        figure: consumeLabel,
        mqcli: `${formatRate(mine)} (listen row)`,
        baseline: `amqp-consume: ${formatRate(theirs)} (${formatMs(results['amqp-consume'].median)})`,
        ratio: formatRatio(mine / theirs),
        target: '≥ 40×',
        result: verdict(mine / theirs, 40, 'higher'),
      });
    });
}
