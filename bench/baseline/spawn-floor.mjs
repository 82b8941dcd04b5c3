// What a Node spawn per message allows, without a broker: spawns `cat` once per body, as
// `listen --exec` did before its command shells (own process group, body on a stdin pipe, stdout
// and stderr on pipes, done on 'close'), up to <concurrency> at once, and writes what each
// printed to stdout. Kept as the reference that says why mqcli does not spawn from Node.
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
