#!/usr/bin/env node
// listen --exec against amqp-consume (rabbitmq-c), and the request/reply round trip, on a
// throwaway RabbitMQ of its own. Runnable alone; not part of `npm run bench`.
//
//   npm run build && node bench/exec.mjs [--messages 500] [--rounds 3] [--requests 10]
//
// Each figure is the wall clock of a whole process (spawn to exit), the median of the rounds,
// contenders alternating. `cat` writes the bodies to a file, checked after each run. The
// round trip is what `mqcli request -v` reports from publish to reply, against a waiting
// `listen --exec cat --reply`. Two references need no broker: bench/baseline/spawn-floor.mjs
// (Node spawning `cat` per body: what a Node spawn per message allows, which mqcli no longer
// does) and a shell loop running `cat` per body (what mqcli's command shells can reach at most).
// Then a worker that waits 20 ms per message, where --concurrency is what counts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBroker } from '../scripts/lib/broker.mjs';
import { openAdmin } from './lib/admin.mjs';
import { body } from './lib/data.mjs';
import { compare, formatMs, formatRate, formatRatio, median } from './lib/measure.mjs';
import { BIN, NODE, root, SPAWN_FLOOR } from './lib/paths.mjs';
import { stopChildren, timed } from './lib/proc.mjs';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' }, requests: { type: 'string', default: '10' } },
});
const [N, ROUNDS, REQUESTS] = [Number(values.messages), Number(values.rounds), Number(values.requests)];
const log = (message) => process.stderr.write(`bench: ${message}\n`);
const tmp = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-exec-'));
const broker = startBroker({ root, name: `bench-exec-${process.pid}` });
let server;
const cleanup = () => {
  stopChildren();
  server?.kill('SIGKILL');
  broker.destroy();
  rmSync(tmp, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  const { port, url } = await broker.ready;
  const env = { PATH: process.env.PATH, HOME: tmp, MQ_HOST: '127.0.0.1', MQ_PORT: String(port) };
  const run = (cmd, args, options = {}) => timed(cmd, args, { env, cwd: tmp, label: cmd, ...options });
  const admin = await openAdmin(url);
  const queue = 'bench-exec';
  const out = join(tmp, 'exec.out');
  const contenders = [
    { name: 'mqcli --exec cat', run: () => run(NODE, [BIN, 'listen', queue, '--exec', 'cat', '--count', String(N), '-q'], { stdout: out }) },
    {
      name: 'mqcli --exec cat -c 4',
      run: () => run(NODE, [BIN, 'listen', queue, '--exec', 'cat', '--count', String(N), '--concurrency', '4', '-q'], { stdout: out }),
    },
  ];
  // References without a broker: what a Node spawn per message allows, and what a small shell
  // starting a process per message allows (the ceiling for mqcli's command shells).
  const bodyFile = join(tmp, 'body');
  writeFileSync(bodyFile, body(100));
  contenders.push(
    { name: 'node spawn floor', run: () => run(NODE, [SPAWN_FLOOR, String(N)], { stdout: out }) },
    { name: 'node spawn floor -c 4', run: () => run(NODE, [SPAWN_FLOOR, String(N), '4'], { stdout: out }) },
    {
      name: 'sh loop: cat < body',
      run: () => run('/bin/sh', ['-c', `i=0; while [ "$i" -lt ${N} ]; do cat < "$0"; i=$((i + 1)); done`, bodyFile], { stdout: out }),
    },
  );
  const hasConsume = await run('/bin/sh', ['-c', 'command -v amqp-consume']).then(
    () => true,
    () => false,
  );
  if (hasConsume)
    contenders.unshift({ name: 'amqp-consume -c cat', run: () => run('amqp-consume', ['-u', url, '-q', queue, '-c', String(N), 'cat'], { stdout: out }) });
  else log('amqp-consume is not on PATH (apt-get install amqp-tools): mqcli alone');
  const results = await compare({
    title: 'exec',
    rounds: ROUNDS,
    log,
    contenders,
    before: async () => {
      await admin.resetQueue(queue);
      await admin.fill(queue, N, body(100));
    },
    after: async (c) => {
      // mqcli ends each body with a newline (a last line without one gets one); amqp-consume does not.
      const bytes = statSync(out).size;
      if (bytes !== N * 100 && bytes !== N * 101) throw new Error(`${c.name} wrote ${bytes} bytes for ${N} bodies`);
    },
  });
  const base = results['amqp-consume -c cat']?.median;
  process.stdout.write(`| figure | median | rate | vs amqp-consume |\n|---|---|---|---|\n`);
  for (const [name, { median: ms }] of Object.entries(results)) {
    process.stdout.write(
      `| ${name} (${N} × 100 B) | ${formatMs(ms)} | ${formatRate((N / ms) * 1000)} | ${base === undefined ? '–' : formatRatio(base / ms)} |\n`,
    );
  }

  // A worker that waits (20 ms, as for a call to another service) before it prints: what
  // --concurrency is for. amqp-consume runs one at a time.
  const worker = join(tmp, 'worker.sh');
  writeFileSync(worker, '#!/bin/sh\nsleep 0.02\nexec cat\n', { mode: 0o755 });
  const WAITING = Math.min(N, 200);
  const waitingContenders = [
    { name: 'mqcli --exec worker.sh', run: () => run(NODE, [BIN, 'listen', queue, '--exec', worker, '--count', String(WAITING), '-q'], { stdout: out }) },
    {
      name: 'mqcli --exec worker.sh -c 4',
      run: () => run(NODE, [BIN, 'listen', queue, '--exec', worker, '--count', String(WAITING), '--concurrency', '4', '-q'], { stdout: out }),
    },
  ];
  if (hasConsume)
    waitingContenders.unshift({
      name: 'amqp-consume -c worker.sh',
      run: () => run('amqp-consume', ['-u', url, '-q', queue, '-c', String(WAITING), worker], { stdout: out }),
    });
  const waiting = await compare({
    title: 'exec, a waiting worker',
    rounds: ROUNDS,
    log,
    contenders: waitingContenders,
    before: async () => {
      await admin.resetQueue(queue);
      await admin.fill(queue, WAITING, body(100));
    },
    after: async (c) => {
      const bytes = statSync(out).size;
      if (bytes !== WAITING * 100 && bytes !== WAITING * 101) throw new Error(`${c.name} wrote ${bytes} bytes for ${WAITING} bodies`);
    },
  });
  const waitingBase = waiting['amqp-consume -c worker.sh']?.median;
  for (const [name, { median: ms }] of Object.entries(waiting)) {
    process.stdout.write(
      `| ${name} (${WAITING} × 100 B, 20 ms each) | ${formatMs(ms)} | ${formatRate((WAITING / ms) * 1000)} | ${waitingBase === undefined ? '–' : formatRatio(waitingBase / ms)} |\n`,
    );
  }

  // Request/reply: a server waiting, then one `mqcli request` at a time.
  await admin.resetQueue('bench-rpc');
  server = spawn(NODE, [BIN, 'listen', 'bench-rpc', '--exec', 'cat', '--reply', '-q'], { env, cwd: tmp, stdio: 'ignore' });
  // The first request waits in the queue until the server consumes: it is the readiness check.
  await run(NODE, [BIN, 'request', 'bench-rpc', 'warm-up', '--timeout', '60']);
  // mqcli request -v says how long the reply took after the publish: the round trip alone.
  const trips = [];
  for (let i = 0; i < REQUESTS; i++) {
    const { stderr, status } = spawnSync(NODE, [BIN, 'request', 'bench-rpc', 'ping', '--timeout', '10', '-v'], { env, cwd: tmp, encoding: 'utf8' });
    const ms = /reply after (\d+) ms/.exec(stderr)?.[1];
    if (status !== 0 || ms === undefined) throw new Error(`mqcli request failed: ${stderr}`);
    trips.push(Number(ms));
  }
  process.stdout.write(`| request/reply round trip, server listen --exec cat --reply (${REQUESTS} requests) | ${formatMs(median(trips))} | | |\n`);
  await admin.close();
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
