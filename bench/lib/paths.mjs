// Where the benchmark finds the repository's files and the programs it runs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const path = (p) => join(root, p);
export const BIN = path('bin/mqcli.js');
export const SEND_BASELINE = path('bench/baseline/send-confirm.mjs');
export const CONSUME_BASELINE = path('bench/baseline/consume.mjs');
export const MOVE_BASELINE = path('bench/baseline/move.mjs');
export const SPAWN_FLOOR = path('bench/baseline/spawn-floor.mjs');
export const TUTORIAL = path('bench/tutorial/send.cjs');
export const REPORT_RSS = path('bench/report-rss.cjs');
export const NODE = process.execPath;
