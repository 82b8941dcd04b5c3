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
// The figures are in lib/scenarios.mjs, RESULTS.md in lib/report.mjs.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBroker } from '../scripts/lib/broker.mjs';
import { openAdmin } from './lib/admin.mjs';
import { writeLines } from './lib/data.mjs';
import { createResults } from './lib/figures.mjs';
import { formatCount, formatSize } from './lib/measure.mjs';
import { parseOptions } from './lib/options.mjs';
import { BIN, NODE, root } from './lib/paths.mjs';
import { cleanUpOnSignals, stopChildren, timed } from './lib/proc.mjs';
import { report } from './lib/report.mjs';
import { runScenarios } from './lib/scenarios.mjs';

const settings = parseOptions();
const log = (message) => process.stderr.write(`bench: ${message}\n`);
const onPath = (tool) => {
  try {
    execSync(`command -v ${tool}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
};
const tools = { hasPublish: onPath('amqp-publish'), hasConsume: onPath('amqp-consume') };

// ---- setup and teardown ------------------------------------------------------------------------

const tmp = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-'));
const home = join(tmp, 'home'); // children's HOME and cwd: no rc file or .env leaks in
mkdirSync(home);
let brokerHandle; // { ready, destroy } from startBroker
const cleanup = () => {
  stopChildren();
  brokerHandle?.destroy();
  rmSync(tmp, { recursive: true, force: true });
};
cleanUpOnSignals(cleanup, log);

/** The run's context, as the scenarios see it (home: the children's HOME and cwd); broker, admin and env are set once the broker is up. */
const b = { settings, tools, tmp, home, log, results: createResults(log), broker: undefined, admin: undefined, env: undefined };
b.run = (cmd, args, options = {}) => timed(cmd, args, { cwd: home, ...options, env: { ...b.env, ...options.env }, label: options.label ?? cmd });
b.mqcli = (args, options) => b.run(NODE, [BIN, ...args], { label: 'mqcli', ...options });

const inputs = new Map();
/** The stdin file of n lines of size bytes, written once. */
b.input = (n, size) => {
  const key = `${n}x${size}`;
  if (!inputs.has(key)) {
    const file = join(tmp, `lines-${key}.txt`);
    log(`writing ${formatCount(n)} lines of ${formatSize(size)} to ${file}`);
    writeLines(file, n, size);
    inputs.set(key, file);
  }
  return inputs.get(key);
};

let loadBefore;

async function main() {
  const started = performance.now();
  loadBefore = os.loadavg()[0];
  log(`mode: ${settings.quick ? 'quick' : 'full'}, ${settings.rounds} round(s); temp files in ${tmp}`);
  brokerHandle = startBroker({ root, name: `bench-${process.pid}` });
  b.broker = await brokerHandle.ready;
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MQ_|MQCLI_|QUEUE_NAME$|NODE_OPTIONS$|XDG_CONFIG_HOME$)/.test(key)));
  b.env = { ...cleanEnv, HOME: home, MQ_HOST: '127.0.0.1', MQ_PORT: String(b.broker.port) };
  b.admin = await openAdmin(b.broker.url);
  log(`RabbitMQ ${b.admin.version} on 127.0.0.1:${b.broker.port}`);
  await runScenarios(b);
  return performance.now() - started;
}

let exitCode = 0;
try {
  const elapsedMs = await main();
  report({ settings, tools, results: b.results, elapsedMs, loadBefore, rabbitVersion: b.admin?.version, log });
  const { errors } = b.results;
  if (errors.length) {
    log(`${errors.length} figure(s) failed:\n  ${errors.join('\n  ')}`);
    exitCode = 1;
  }
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await b.admin?.close();
  cleanup();
}
process.exit(exitCode);
