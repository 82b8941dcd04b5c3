// Runs one child process and times it: wall clock from spawn to exit, with performance.now().
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

let current; // the child running now, so a Ctrl-C can stop it
const servers = new Set(); // children that run alongside the timed ones (background)
let stopped = false;

const running = (child) => child.exitCode === null && child.signalCode === null;

/** Stops the child that is running now, if any (by its own pid), and those in the background, and starts no more. */
export function stopChildren() {
  stopped = true;
  if (current && running(current)) current.kill('SIGKILL');
  for (const server of servers) if (running(server)) server.kill('SIGKILL');
}

/** On Ctrl-C, SIGTERM or SIGHUP: `cleanup` (children, the broker, temp files), then exit 128 + n. */
export function cleanUpOnSignals(cleanup, log) {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      log(`${signal}: stopping, destroying the broker`);
      cleanup();
      process.exit(code);
    });
  }
}

/**
 * Starts a child that runs while others are timed (a server), its output ignored; stopChildren
 * stops it too. Resolves `stop()` once it has exited.
 */
export function background(cmd, args, { env, cwd } = {}) {
  if (stopped) throw new Error('stopping');
  const child = spawn(cmd, args, { env, cwd, stdio: 'ignore' });
  servers.add(child);
  const exited = new Promise((resolve) => {
    child.once('error', resolve);
    child.once('exit', resolve);
  }).then(() => servers.delete(child));
  return {
    stop: async () => {
      if (running(child)) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Runs cmd with args. stdin: a file path (opened and passed as the child's fd 0) or undefined
 * (/dev/null). stdout: a file path (truncated) or undefined (/dev/null). stderr is collected for
 * the error message. Resolves with the wall-clock milliseconds; rejects on a non-zero exit.
 */
export async function timed(cmd, args, { env, cwd, stdin, stdout, label = cmd } = {}) {
  if (stopped) throw new Error('stopping');
  const inFd = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
  const outFd = stdout === undefined ? 'ignore' : openSync(stdout, 'w');
  let stderr = '';
  try {
    const start = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: [inFd, outFd, 'pipe'] });
    current = child;
    const exited = new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - start }));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    const closed = new Promise((resolve) => child.once('close', resolve));
    const { code, signal, ms } = await exited;
    await closed;
    current = undefined;
    if (code !== 0) {
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      throw new Error(
        `${label} ${how}\n  command: ${cmd} ${args.join(' ')}\n  stderr: ${stderr.trim().split('\n').slice(-10).join('\n          ') || '(empty)'}`,
      );
    }
    return ms;
  } finally {
    if (typeof inFd === 'number') closeSync(inFd);
    if (typeof outFd === 'number') closeSync(outFd);
  }
}
