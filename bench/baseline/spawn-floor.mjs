// The floor for `listen --exec cat`: no broker, only the processes. Spawns `cat` once per body,
// as src/core/exec/child.ts does (own process group, body on a stdin pipe, stdout and stderr on
// pipes, done on 'close'), up to <concurrency> at once, and writes what each printed to stdout.
// What mqcli spends above this is its own; what amqp-consume spends below it is Node's spawn.
//   node bench/baseline/spawn-floor.mjs <n> [concurrency]
import { spawn } from 'node:child_process';
import { body } from '../lib/data.mjs';

const n = Number(process.argv[2]);
const concurrency = Number(process.argv[3] ?? 1);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('usage: spawn-floor.mjs <n> [concurrency]');
  process.exit(2);
}

function runCat(input) {
  return new Promise((resolve, reject) => {
    const child = spawn('cat', [], { env: process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.on('error', reject);
    child.stdout.on('data', (chunk) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.stdin.end(input);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cat exited with ${code}`))));
  });
}

let next = 0;
async function worker() {
  while (next < n) await runCat(body(100, next++));
}
await Promise.all(Array.from({ length: concurrency }, worker));
