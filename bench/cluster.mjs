#!/usr/bin/env node
// The cluster figure alone (it is also part of `npm run bench`):
//   npm run build && node bench/cluster.mjs [--rounds N] [--quick]
// Prints the row on stdout; writes no RESULTS file.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { clusterSendFigure } from './lib/cluster-figure.mjs';
import { writeLines } from './lib/data.mjs';
import { createResults } from './lib/figures.mjs';
import { parseOptions } from './lib/options.mjs';
import { BIN, NODE } from './lib/paths.mjs';
import { stopChildren, timed } from './lib/proc.mjs';
import { textTable } from './lib/table.mjs';

const settings = parseOptions();
const log = (message) => process.stderr.write(`bench: ${message}\n`);
const tmp = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-cluster-'));
const home = join(tmp, 'home');
mkdirSync(home);
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MQ_|MQCLI_|QUEUE_NAME$|NODE_OPTIONS$)/.test(key))), HOME: home };
const b = { settings, tmp, log, results: createResults(log), env };
b.run = (cmd, args, options = {}) => timed(cmd, args, { cwd: home, ...options, env: { ...b.env, ...options.env }, label: options.label ?? cmd });
b.mqcli = (args, options) => b.run(NODE, [BIN, ...args], { label: 'mqcli', ...options });
b.input = (n, size) => {
  const file = join(tmp, `lines-${n}x${size}.txt`);
  writeLines(file, n, size);
  return file;
};

let exitCode = 0;
try {
  await b.results.figure('send to a quorum queue on a 3-node cluster', () => clusterSendFigure(b));
  process.stdout.write(`${textTable(b.results.rows)}\n`);
  if (b.results.errors.length > 0) exitCode = 1;
} finally {
  stopChildren();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
