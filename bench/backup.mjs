#!/usr/bin/env node
// The queue browse, dump and restore figures alone (also part of `npm run bench`), against
// listen and send, on a throwaway RabbitMQ.
//   npm run build && node bench/backup.mjs [--rounds N] [--quick]
// Prints the rows on stdout; writes no RESULTS file.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../scripts/lib/broker.mjs';
import { openAdmin } from './lib/admin.mjs';
import { backupFigures } from './lib/backup-figure.mjs';
import { createResults } from './lib/figures.mjs';
import { parseOptions } from './lib/options.mjs';
import { BIN, NODE, root } from './lib/paths.mjs';
import { cleanUpOnSignals, stopChildren, timed } from './lib/proc.mjs';
import { textTable } from './lib/table.mjs';

const settings = parseOptions();
const log = (message) => process.stderr.write(`bench: ${message}\n`);
const tmp = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-backup-'));
const home = join(tmp, 'home');
mkdirSync(home);
const broker = startBroker({ root, name: `bench-backup-${process.pid}` });
const b = { settings, tmp, home, log, tools: {}, results: createResults(log) };
b.run = (cmd, args, options = {}) => timed(cmd, args, { cwd: home, ...options, env: { ...b.env, ...options.env }, label: options.label ?? cmd });
b.mqcli = (args, options) => b.run(NODE, [BIN, ...args], { label: 'mqcli', ...options });

const cleanup = () => {
  stopChildren();
  broker.destroy();
  rmSync(tmp, { recursive: true, force: true });
};
cleanUpOnSignals(cleanup, log);

let exitCode = 0;
try {
  b.broker = await broker.ready;
  b.env = { PATH: process.env.PATH, HOME: home, MQ_HOST: '127.0.0.1', MQ_PORT: String(b.broker.port) };
  b.admin = await openAdmin(b.broker.url);
  await backupFigures(b, { n: settings.N, size: 100 });
  process.stdout.write(`${textTable(b.results.rows)}\n`);
  if (b.results.errors.length > 0) exitCode = 1;
} finally {
  await b.admin?.close();
  cleanup();
}
process.exit(exitCode);
