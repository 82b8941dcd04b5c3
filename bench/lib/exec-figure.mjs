// h. listen --exec against amqp-consume (rabbitmq-c), and the request/reply round trip.
// Each run includes its start. `cat` writes the bodies to a file, checked after each run.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { body } from './data.mjs';
import { verdict } from './figures.mjs';
import { compare, formatCount, formatMs, formatRate, median } from './measure.mjs';
import { BIN, NODE, SPAWN_FLOOR } from './paths.mjs';
import { background } from './proc.mjs';

/** The queue the --exec figures read. */
const QUEUE = 'bench-exec';

/** h. --exec cat at concurrency 1 and 4, a worker that waits, and request/reply. */
export async function execFigures(b) {
  const { N_EXEC, REQUESTS } = b.settings;
  const { figure } = b.results;
  const catLabel = `listen --exec cat ${formatCount(N_EXEC)} × 100 B`;
  const waiting = waitingCount(N_EXEC);
  const waitLabel = `listen --exec (a worker waiting 20 ms) ${formatCount(waiting)} × 100 B`;
  await figure(catLabel, () => catFigure(b, catLabel, N_EXEC));
  await figure(waitLabel, () => waitingFigure(b, waitLabel, waiting));
  await figure('request/reply round trip', () => roundTripFigure(b, REQUESTS));
}

/** The waiting worker's messages: at 20 ms and more each, a fifth of the others. */
const waitingCount = (n) => Math.max(20, Math.round(n / 5));

/** A row against amqp-consume; without it on PATH, mqcli's rate alone. */
function consumeRow(b, results, { name, figure, n, target, info = false }) {
  const base = results['amqp-consume']?.median;
  const ms = results[name].median;
  if (base !== undefined) b.results.rateRow({ figure, n, size: 100, mqcliMs: ms, baseMs: base, baseName: 'amqp-consume', target, info });
  else b.results.rows.push({ figure, mqcli: `${formatRate((n / ms) * 1000)} (${formatMs(ms)})`, result: 'no baseline (amqp-consume not on PATH)' });
}

/** amqp-consume running `command` on n messages, when it is on PATH (apt-get install amqp-tools). */
function consumeContender(b, out, n, command) {
  return b.tools.hasConsume ? [execContender(b, 'amqp-consume', out, 'amqp-consume', ['-u', b.broker.url, '-q', QUEUE, '-c', String(n), command])] : [];
}

/** Bodies are 100 B: mqcli ends each with a newline (a last line without one gets one), amqp-consume does not. */
function checkOutput(out, n, name) {
  const bytes = statSync(out).size;
  if (bytes !== n * 100 && bytes !== n * 101) throw new Error(`${name} wrote ${bytes} bytes for ${n} bodies`);
}

async function compareExec(b, { label, n, contenders }) {
  return b.results.record(
    label,
    await compare({
      title: label,
      rounds: b.settings.rounds,
      log: b.log,
      contenders,
      before: async () => {
        await b.admin.resetQueue(QUEUE);
        await b.admin.fill(QUEUE, n, body(100));
      },
      after: (c) => checkOutput(c.out, n, c.name),
    }),
  );
}

/** Contenders that write what their commands print to `out`. */
function execContender(b, name, out, cmd, args) {
  return { name, out, run: () => b.run(cmd, args, { stdout: out, label: name }) };
}

async function catFigure(b, label, n) {
  const out = join(b.tmp, 'exec.out');
  const listen = (extra) => [BIN, 'listen', QUEUE, '--exec', 'cat', '--count', String(n), '-q', ...extra];
  const bodyFile = join(b.tmp, 'exec-body');
  writeFileSync(bodyFile, body(100));
  const results = await compareExec(b, {
    label,
    n,
    contenders: [
      ...consumeContender(b, out, n, 'cat'),
      execContender(b, 'mqcli', out, NODE, listen([])),
      execContender(b, 'mqcli -c 4', out, NODE, listen(['--concurrency', '4'])),
      // References, no broker: Node spawning `cat` per body (what mqcli did before its command
      // shells), and a shell loop starting `cat` per body (what the command shells can reach).
      execContender(b, 'node spawn per message', out, NODE, [SPAWN_FLOOR, String(n)]),
      execContender(b, 'sh loop', out, '/bin/sh', ['-c', `i=0; while [ "$i" -lt ${n} ]; do cat < "$0"; i=$((i + 1)); done`, bodyFile]),
    ],
  });
  consumeRow(b, results, { name: 'mqcli', figure: `${label} vs amqp-consume -c cat`, n, target: 1.0 });
  consumeRow(b, results, { name: 'mqcli -c 4', figure: `${label} --concurrency 4 vs amqp-consume -c cat`, n, target: 1.0 });
  consumeRow(b, results, { name: 'node spawn per message', figure: 'reference: node spawning cat per message vs amqp-consume -c cat', n });
  consumeRow(b, results, { name: 'sh loop', figure: 'reference: an sh loop running cat per message vs amqp-consume -c cat', n });
}

async function waitingFigure(b, label, n) {
  const out = join(b.tmp, 'exec.out');
  const worker = join(b.tmp, 'worker.sh');
  writeFileSync(worker, '#!/bin/sh\nsleep 0.02\nexec cat\n', { mode: 0o755 });
  const listen = (extra) => [BIN, 'listen', QUEUE, '--exec', worker, '--count', String(n), '-q', ...extra];
  const results = await compareExec(b, {
    label,
    n,
    contenders: [
      ...consumeContender(b, out, n, worker),
      execContender(b, 'mqcli', out, NODE, listen([])),
      execContender(b, 'mqcli -c 4', out, NODE, listen(['--concurrency', '4'])),
    ],
  });
  consumeRow(b, results, { name: 'mqcli', figure: `${label} vs amqp-consume`, n, target: 1.0, info: true });
  consumeRow(b, results, { name: 'mqcli -c 4', figure: `${label} --concurrency 4 vs amqp-consume`, n, target: 2.0, info: true });
}

/** A server waiting (listen --exec cat --reply), then one `mqcli request -v` at a time: the reply's time after the publish. */
async function roundTripFigure(b, requests) {
  const queue = 'bench-rpc';
  await b.admin.resetQueue(queue);
  const options = { env: b.env, cwd: b.home };
  const server = background(NODE, [BIN, 'listen', queue, '--exec', 'cat', '--reply', '-q'], options);
  try {
    // The first request waits in the queue until the server consumes: it is the readiness check.
    await b.run(NODE, [BIN, 'request', queue, 'warm-up', '--timeout', '60'], { label: 'request' });
    const trips = [];
    for (let i = 0; i < requests; i++) {
      const { stderr, status } = spawnSync(NODE, [BIN, 'request', queue, 'ping', '--timeout', '10', '-v'], { ...options, encoding: 'utf8' });
      const ms = /reply after (\d+) ms/.exec(stderr)?.[1];
      if (status !== 0 || ms === undefined) throw new Error(`mqcli request failed: ${stderr}`);
      trips.push(Number(ms));
    }
    b.results.record('request/reply round trip', { 'mqcli request': { samples: trips, median: median(trips) } });
    const ms = median(trips);
    b.results.rows.push({
      figure: `request/reply round trip, server listen --exec cat --reply (median of ${requests})`,
      mqcli: formatMs(ms),
      baseline: '—',
      ratio: '—',
      target: '< 100 ms',
      result: verdict(ms, 100, 'lower'),
    });
  } finally {
    await server.stop();
  }
}
