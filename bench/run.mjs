#!/usr/bin/env node
// mqcli benchmark: mqcli against baselines, measured in the same run on a throwaway RabbitMQ.
//
//   npm run bench                         full run (3 rounds), writes bench/RESULTS.md
//   node bench/run.mjs --rounds 5         more rounds
//   node bench/run.mjs --quick            small counts, 1 round, no memory figures;
//                                         writes bench/results/RESULTS-quick.md instead
//
// Every time is the wall clock of a whole child process (spawn to exit), the median of the rounds;
// within a round the contenders alternate, in an order that changes from round to round, and
// each starts from a freshly deleted and declared queue. Progress goes to stderr, the table to stdout.
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAdmin } from './lib/admin.mjs';
import { startBroker } from '../scripts/lib/broker.mjs';
import { body, expectLines, writeLines } from './lib/data.mjs';
import { compare, formatCount, formatMiBs, formatMs, formatRate, formatRatio, formatSize } from './lib/measure.mjs';
import { stopChildren, timed } from './lib/proc.mjs';
import { markdownTable, textTable } from './lib/table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const path = (p) => join(root, p);
const BIN = path('bin/mqcli.js');
const SEND_BASELINE = path('bench/baseline/send-confirm.mjs');
const CONSUME_BASELINE = path('bench/baseline/consume.mjs');
const TUTORIAL = path('bench/tutorial/send.cjs');
const REPORT_RSS = path('bench/report-rss.cjs');
const NODE = process.execPath;

let opts;
try {
  ({ values: opts } = parseArgs({
    options: { rounds: { type: 'string' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  process.stderr.write(`bench: ${error.message}\nusage: node bench/run.mjs [--rounds N] [--quick]\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write('usage: node bench/run.mjs [--rounds N] [--quick]\n');
  process.exit(0);
}
const quick = opts.quick;
const rounds = opts.rounds === undefined ? (quick ? 1 : 3) : Number(opts.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`bench: --rounds wants a whole number ≥ 1, got '${opts.rounds}'\n`);
  process.exit(2);
}
const N = quick ? 20_000 : 200_000; // send and listen, 100-byte messages
const N_CONSUME_TOOL = quick ? 500 : 2_000; // amqp-consume runs a process per message
const N_MEMORY = 1_000_000;
const STARTUP_RUNS = quick ? 3 : 10;
const SIZES = [
  { size: 4096, n: quick ? 2_000 : 20_000 },
  { size: 1 << 20, n: quick ? 20 : 200 },
];
const OUT_FILE = quick ? path('bench/results/RESULTS-quick.md') : path('bench/RESULTS.md');

const log = (message) => process.stderr.write(`bench: ${message}\n`);
const onPath = (tool) => {
  try {
    execSync(`command -v ${tool}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
};
const hasPublish = onPath('amqp-publish');
const hasConsume = onPath('amqp-consume');

// ---- setup and teardown ------------------------------------------------------------------------

const tmp = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-'));
const home = join(tmp, 'home'); // children's HOME and cwd: no rc file or .env leaks in
mkdirSync(home);
let brokerHandle; // { ready, destroy } from startBroker
let broker; // { port, url, env } once it is up
let admin;
const cleanup = () => {
  stopChildren();
  brokerHandle?.destroy();
  rmSync(tmp, { recursive: true, force: true });
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    log(`${signal}: stopping, destroying the broker`);
    cleanup();
    process.exit(code);
  });
}

let env; // the children's environment, set once the broker is up
const run = (cmd, args, options = {}) => timed(cmd, args, { cwd: home, ...options, env: { ...env, ...options.env }, label: options.label ?? cmd });
const mqcli = (args, options) => run(NODE, [BIN, ...args], { label: 'mqcli', ...options });

const inputs = new Map();
/** The stdin file of n lines of size bytes, written once. */
function input(n, size) {
  const key = `${n}x${size}`;
  if (!inputs.has(key)) {
    const file = join(tmp, `lines-${key}.txt`);
    log(`writing ${formatCount(n)} lines of ${formatSize(size)} to ${file}`);
    writeLines(file, n, size);
    inputs.set(key, file);
  }
  return inputs.get(key);
}

// ---- figures -------------------------------------------------------------------------------------

const rows = [];
const details = []; // raw samples, for RESULTS.md
const errors = [];

function verdict(ratio, target, better) {
  const met = better === 'higher' ? ratio >= target : ratio <= target;
  return met ? 'pass' : 'fail';
}

/** One figure; a failure is reported loudly, shown in the table, and the run goes on. */
async function figure(name, fn) {
  log(`--- ${name}`);
  try {
    await fn();
  } catch (error) {
    log(`FAILED: ${name}: ${error.message}`);
    errors.push(`${name}: ${error.message}`);
    rows.push({ figure: name, result: 'ERROR' });
  }
}

function record(title, results) {
  details.push({ title, results });
  return results;
}

/** Throughput row: mqcli's msg/s ÷ a baseline's msg/s. */
function rateRow({ figure, n, size, mqcliMs, baseMs, baseName, target, info = false }) {
  const rate = (ms) => (n / ms) * 1000;
  const cell = (ms) => (size >= 4096 ? `${formatRate(rate(ms))} · ${formatMiBs(((n * size) / (1 << 20) / ms) * 1000)}` : `${formatRate(rate(ms))} (${formatMs(ms)})`);
  const ratio = baseMs / mqcliMs;
  const result = target === undefined ? 'info' : info ? `info (${verdict(ratio, target, 'higher') === 'pass' ? 'met' : 'missed'})` : verdict(ratio, target, 'higher');
  rows.push({ figure, mqcli: cell(mqcliMs), baseline: `${baseName}: ${cell(baseMs)}`, ratio: formatRatio(ratio), target: target === undefined ? '—' : `≥ ${target.toFixed(2)}×`, result });
}

async function sendFigure({ n, size, queue, label, target, info, withPublish }) {
  const file = input(n, size);
  const contenders = [
    { name: 'mqcli', run: () => mqcli(['send', queue, '--quiet'], { stdin: file }) },
    { name: 'amqplib', run: () => run(NODE, [SEND_BASELINE, queue], { stdin: file, label: 'send-confirm.mjs' }) },
  ];
  if (withPublish && hasPublish) contenders.push({ name: 'amqp-publish', run: () => run('amqp-publish', ['-u', broker.url, '-r', queue, '-l'], { stdin: file }) });
  const results = record(label, await compare({
    title: label, rounds, contenders, log,
    before: () => admin.resetQueue(queue),
    after: (c) => admin.expectCount(queue, n, `${label}, ${c.name}`),
  }));
  rateRow({ figure: `${label} vs amqplib confirm loop`, n, size, mqcliMs: results.mqcli.median, baseMs: results.amqplib.median, baseName: 'amqplib', target, info });
  if (withPublish) {
    if (hasPublish) rateRow({ figure: `${label} vs amqp-publish -l (C, no confirms)`, n, size, mqcliMs: results.mqcli.median, baseMs: results['amqp-publish'].median, baseName: 'amqp-publish' });
    else rows.push({ figure: `${label} vs amqp-publish`, result: 'skipped (amqp-publish not on PATH)' });
  }
  return results;
}

async function listenFigure({ n, size, queue, label, noAck = false, target, info }) {
  const out = join(tmp, 'listen.out');
  const ack = noAck ? ['--no-ack'] : [];
  const results = record(label, await compare({
    title: label, rounds, log,
    contenders: [
      { name: 'mqcli', run: () => mqcli(['listen', queue, '--count', String(n), '--quiet', ...ack], { stdout: out }) },
      { name: 'amqplib', run: () => run(NODE, [CONSUME_BASELINE, queue, String(n), ...ack], { stdout: out, label: 'consume.mjs' }) },
    ],
    before: async () => {
      await admin.resetQueue(queue);
      await admin.fill(queue, n, body(size));
    },
    after: async (c) => {
      await expectLines(out, n, size, `${label}, ${c.name}`);
      rmSync(out);
    },
  }));
  rateRow({ figure: `${label} vs amqplib consumer${noAck ? ' (noAck)' : ''}`, n, size, mqcliMs: results.mqcli.median, baseMs: results.amqplib.median, baseName: 'amqplib', target, info });
  return results;
}

/** Peak RSS (KiB) of one run of a node script, through the report-rss.cjs preload. */
async function peakRss(script, args, options) {
  const rssFile = join(tmp, 'rss.txt');
  rmSync(rssFile, { force: true });
  const ms = await run(NODE, ['--require', REPORT_RSS, script, ...args], { ...options, env: { BENCH_RSS_FILE: rssFile } });
  const kib = Number(readFileSync(rssFile, 'utf8'));
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`no peak RSS reported by ${options.label}`);
  log(`${options.label}: peak RSS ${(kib / 1024).toFixed(1)} MiB in ${formatMs(ms)}`);
  return { kib, ms };
}

function memoryRow(figure, mine, theirs, limitMiB) {
  const mib = (kib) => kib / 1024;
  const cell = ({ kib, ms }) => `${mib(kib).toFixed(1)} MiB (${formatMs(ms)})`;
  rows.push({ figure, mqcli: cell(mine), baseline: `amqplib: ${cell(theirs)}`, ratio: formatRatio(mine.kib / theirs.kib), target: `< ${limitMiB} MiB`, result: mib(mine.kib) < limitMiB ? 'pass' : 'fail' });
  details.push({ title: figure, results: { mqcli: { samples: [mine.ms], rssKiB: mine.kib }, amqplib: { samples: [theirs.ms], rssKiB: theirs.kib } } });
}

async function main() {
  const started = performance.now();
  loadBefore = os.loadavg()[0];
  log(`mode: ${quick ? 'quick' : 'full'}, ${rounds} round(s); temp files in ${tmp}`);
  brokerHandle = startBroker({ root, name: `bench-${process.pid}` });
  broker = await brokerHandle.ready;
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MQ_|MQCLI_|QUEUE_NAME$|NODE_OPTIONS$|XDG_CONFIG_HOME$)/.test(key)));
  env = { ...cleanEnv, HOME: home, MQ_HOST: '127.0.0.1', MQ_PORT: String(broker.port) };
  admin = await openAdmin(broker.url);
  log(`RabbitMQ ${admin.version} on 127.0.0.1:${broker.port}`);

  // a. send: 100-byte lines from stdin
  let listenAck;
  await figure(`send ${formatCount(N)} × 100 B`, () =>
    sendFigure({ n: N, size: 100, queue: 'bench-send', label: `send ${formatCount(N)} × 100 B`, target: 0.9, withPublish: true }));

  // b. listen, with acks and with --no-ack
  await figure(`listen ${formatCount(N)} × 100 B`, async () => {
    listenAck = await listenFigure({ n: N, size: 100, queue: 'bench-listen', label: `listen ${formatCount(N)} × 100 B`, target: 0.9 });
  });
  await figure(`listen --no-ack ${formatCount(N)} × 100 B`, () =>
    listenFigure({ n: N, size: 100, queue: 'bench-listen', label: `listen --no-ack ${formatCount(N)} × 100 B`, noAck: true, target: 0.9 }));

  // c. listen against amqp-consume, which runs a process (here cat) per message
  const consumeLabel = `listen vs amqp-consume … cat (${formatCount(N_CONSUME_TOOL)} msgs)`;
  if (!hasConsume) rows.push({ figure: consumeLabel, result: 'skipped (amqp-consume not on PATH)' });
  else await figure(consumeLabel, async () => {
    if (!listenAck) throw new Error('needs the listen figure above, which failed');
    const queue = 'bench-consume-tool';
    const out = join(tmp, 'consume.out');
    const results = record(consumeLabel, await compare({
      title: 'amqp-consume', rounds, log,
      contenders: [{ name: 'amqp-consume', run: () => run('amqp-consume', ['-u', broker.url, '-q', queue, '-c', String(N_CONSUME_TOOL), 'cat'], { stdout: out }) }],
      before: async () => {
        await admin.resetQueue(queue);
        await admin.fill(queue, N_CONSUME_TOOL, body(100));
      },
      after: async () => {
        const bytes = statSync(out).size; // cat writes the bodies without newlines
        if (bytes !== N_CONSUME_TOOL * 100) throw new Error(`amqp-consume wrote ${bytes} bytes, expected ${N_CONSUME_TOOL * 100}`);
      },
    }));
    const mine = (N / listenAck.mqcli.median) * 1000;
    const theirs = (N_CONSUME_TOOL / results['amqp-consume'].median) * 1000;
    rows.push({ figure: consumeLabel, mqcli: `${formatRate(mine)} (listen row)`, baseline: `amqp-consume: ${formatRate(theirs)} (${formatMs(results['amqp-consume'].median)})`, ratio: formatRatio(mine / theirs), target: '≥ 40×', result: verdict(mine / theirs, 40, 'higher') });
  });

  // d. start-up and one message end to end (lower is better: ratio = mqcli time ÷ other time)
  await figure('start-up', async () => {
    const results = record('start-up', await compare({
      title: 'start-up', rounds: STARTUP_RUNS, log,
      contenders: [
        { name: 'mqcli --version', run: () => mqcli(['--version']) },
        { name: 'mqcli --help', run: () => mqcli(['--help']) },
        { name: 'node -e 0', run: () => run(NODE, ['-e', '0'], { label: 'node -e 0' }) },
      ],
    }));
    const node = results['node -e 0'].median;
    for (const [which, info] of [['--version', false], ['--help', true]]) {
      const ms = results[`mqcli ${which}`].median;
      const met = verdict(ms / node, 1.4, 'lower');
      rows.push({ figure: `start-up: mqcli ${which} vs node -e 0`, mqcli: formatMs(ms), baseline: `node -e 0: ${formatMs(node)}`, ratio: formatRatio(ms / node), target: '≤ 1.40×', result: info ? `info (${met === 'pass' ? 'met' : 'missed'})` : met });
    }
  });
  await figure('one message end to end', async () => {
    const contenders = [
      { name: 'mqcli', queue: 'bench-one', run: () => mqcli(['send', 'bench-one', 'hi', '--quiet']) },
      { name: 'tutorial send.js', queue: 'bench-tutorial', durable: false, run: () => run(NODE, [TUTORIAL, 'bench-tutorial', 'hi'], { label: 'tutorial send.cjs' }) },
    ];
    if (hasPublish) contenders.push({ name: 'amqp-publish', queue: 'bench-one', run: () => run('amqp-publish', ['-u', broker.url, '-r', 'bench-one', '-b', 'hi']) });
    const results = record('one message end to end', await compare({
      title: 'one message', rounds: STARTUP_RUNS, contenders, log,
      before: (c) => admin.resetQueue(c.queue, { durable: c.durable ?? true }),
      after: (c) => admin.expectCount(c.queue, 1, `one message, ${c.name}`),
    }));
    const ms = results.mqcli.median;
    const other = (name, target) => {
      const theirs = results[name].median;
      rows.push({ figure: `one message: mqcli send vs ${name}`, mqcli: formatMs(ms), baseline: `${name}: ${formatMs(theirs)}`, ratio: formatRatio(ms / theirs), target: target ? `≤ ${target.toFixed(2)}×` : '—', result: target ? verdict(ms / theirs, target, 'lower') : 'info' });
    };
    other('tutorial send.js', 0.5);
    if (hasPublish) other('amqp-publish');
    else rows.push({ figure: 'one message: mqcli send vs amqp-publish', result: 'skipped (amqp-publish not on PATH)' });
  });

  // e. memory: peak RSS for a million messages each way (one run each)
  if (quick) rows.push({ figure: 'memory (peak RSS)', result: 'skipped (--quick)' });
  else {
    await figure(`memory: send ${formatCount(N_MEMORY)} × 100 B`, async () => {
      const file = input(N_MEMORY, 100);
      const queue = 'bench-memory';
      await admin.resetQueue(queue);
      const mine = await peakRss(BIN, ['send', queue, '--quiet'], { stdin: file, label: 'mqcli send' });
      await admin.expectCount(queue, N_MEMORY, 'memory send, mqcli');
      await admin.resetQueue(queue);
      const theirs = await peakRss(SEND_BASELINE, [queue], { stdin: file, label: 'send-confirm.mjs' });
      await admin.expectCount(queue, N_MEMORY, 'memory send, amqplib');
      memoryRow(`memory: send ${formatCount(N_MEMORY)} × 100 B, peak RSS`, mine, theirs, 150);
    });
    await figure(`memory: listen ${formatCount(N_MEMORY)} × 100 B`, async () => {
      const queue = 'bench-memory';
      const out = join(tmp, 'memory.out');
      const once = async (script, args, label) => {
        await admin.resetQueue(queue);
        log(`filling ${queue} with ${formatCount(N_MEMORY)} messages`);
        await admin.fill(queue, N_MEMORY, body(100));
        const result = await peakRss(script, args, { stdout: out, label });
        await expectLines(out, N_MEMORY, 100, `memory listen, ${label}`);
        rmSync(out);
        return result;
      };
      const mine = await once(BIN, ['listen', queue, '--count', String(N_MEMORY), '--quiet'], 'mqcli listen');
      const theirs = await once(CONSUME_BASELINE, [queue, String(N_MEMORY)], 'consume.mjs');
      memoryRow(`memory: listen ${formatCount(N_MEMORY)} × 100 B, peak RSS`, mine, theirs, 150);
    });
    await admin.deleteQueue('bench-memory');
  }

  // f. message sizes
  for (const { size, n } of SIZES) {
    const label = (verb) => `${verb} ${formatCount(n)} × ${formatSize(size)}`;
    await figure(label('send'), () => sendFigure({ n, size, queue: 'bench-size', label: label('send'), target: 0.9, info: true }));
    await figure(label('listen'), () => listenFigure({ n, size, queue: 'bench-size', label: label('listen'), target: 0.9, info: true }));
  }
  return performance.now() - started;
}

// ---- report --------------------------------------------------------------------------------------

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

let loadBefore;

function report(elapsedMs) {
  const cpus = os.cpus();
  const amqplibDir = dirname(createRequire(import.meta.url).resolve('amqplib'));
  const amqplibVersion = JSON.parse(readFileSync(join(amqplibDir, 'package.json'), 'utf8')).version;
  const mqcliVersion = JSON.parse(readFileSync(path('package.json'), 'utf8')).version;
  const commit = version('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = version('git', ['status', '--porcelain', '--', 'src', 'bin']) ? ', with uncommitted changes in src/ or bin/' : '';
  const table = markdownTable(rows);
  const samples = details.map(({ title, results }) =>
    `- ${title}: ${Object.entries(results).map(([name, r]) => `${name} ${r.samples.map(formatMs).join(', ')}${r.rssKiB ? ` (peak RSS ${r.rssKiB} KiB)` : ''}`).join('; ')}`);
  const text = `# mqcli benchmark results

${quick ? '**Quick mode** (small counts, 1 round by default, no memory figures): for trying the harness out, not for reading.\n\n' : ''}${table}

Throughput ratios are mqcli's msg/s ÷ the baseline's (higher is better); time ratios (start-up,
one message) are mqcli's time ÷ the other's (lower is better); memory ratios are mqcli's peak RSS ÷
the baseline's, the target being on mqcli's own figure. "info" rows have no target, or one shown
for reference only.
${errors.length ? `\n## Errors\n\n${errors.map((e) => `- ${e.replaceAll('\n', ' ')}`).join('\n')}\n` : ''}
## Run

- Date: ${new Date().toISOString()}; the run took ${formatMs(elapsedMs)}, ${rounds} round(s) per figure (start-up and one message: ${STARTUP_RUNS} runs each)
- Machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; ${os.type()} ${os.release()} ${os.arch()}; 1-min load average ${loadBefore?.toFixed(2)} before the run, ${os.loadavg()[0].toFixed(2)} after
- Node ${process.version}; amqplib ${amqplibVersion}; mqcli ${mqcliVersion}${commit ? ` (commit ${commit}${dirty})` : ''}
- RabbitMQ ${admin?.version ?? 'unknown'} (a fresh broker of the harness's own on 127.0.0.1, data deleted afterwards)
- amqp-tools: ${hasPublish || hasConsume ? `${[hasPublish && 'amqp-publish', hasConsume && 'amqp-consume'].filter(Boolean).join(', ')} on PATH` : 'not installed (those rows skipped)'}

How to run: \`npm run bench\` (options: \`npm run bench -- --rounds 5\`, \`npm run bench -- --quick\`).

## Method

- Time is the wall clock of the whole child process, from spawn to exit (\`performance.now()\`),
  connection set-up and tear-down included; each figure is the median of its runs.
- The contenders of a figure alternate within each round, and the order rotates from round to
  round. Before each run the queue is deleted and declared again (and filled, for listen), untimed.
- send: the input file is prepared once and passed as the child's stdin (a file descriptor).
  After each run the queue must hold exactly the number of lines sent, or the run fails.
  amqp-publish publishes without confirms, and \`-l\` keeps each line's newline in the body
  (101 bytes), so it is shown for information.
- listen: stdout goes to a file, which must then hold exactly n lines of the message size.
  amqp-consume (\`-c n cat\`) runs one process per message; it is measured on
  ${formatCount(N_CONSUME_TOOL)} messages and compared with mqcli's msg/s from the listen row.
- memory: one run each, peak RSS from \`process.resourceUsage().maxRSS\`, written on exit by
  the preload \`bench/report-rss.cjs\`.
- Baselines: \`bench/baseline/send-confirm.mjs\` (amqplib confirm channel, readline over stdin,
  waits for 'drain'), \`bench/baseline/consume.mjs\` (prefetch 100, write then ack, or noAck),
  \`bench/tutorial/send.cjs\` (the RabbitMQ tutorial's producer: closes its connection after 1 s).

## Samples (ms, in run order)

${samples.join('\n')}
`;
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, text);
  process.stdout.write(`${textTable(rows)}\n`);
  log(`wrote ${relative(process.cwd(), OUT_FILE) || OUT_FILE}; took ${formatMs(elapsedMs)}`);
}

let exitCode = 0;
try {
  const elapsed = await main();
  report(elapsed);
  if (errors.length) {
    log(`${errors.length} figure(s) failed:\n  ${errors.join('\n  ')}`);
    exitCode = 1;
  }
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await admin?.close();
  cleanup();
}
process.exit(exitCode);
