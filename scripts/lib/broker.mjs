// A throwaway RabbitMQ on free loopback ports, started with scripts/broker.sh and always destroyed:
// the one start helper of the tests (test/setup/broker.ts) and the benchmark (bench/run.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Starts with fresh ports this many times when the ports were taken meanwhile. */
const ATTEMPTS = 3;

/** Ports nobody listens on right now (listen on port 0, read the port, close). */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Starts `bash scripts/broker.sh start` (asynchronously, so a Ctrl-C can be handled meanwhile).
 * Returns { ready, destroy } at once: ready resolves with { port, mgmtPort, extraPort, url, env }
 * once the broker is up (env: the MQCLI_BROKER_* variables that address it for broker.sh ctl);
 * destroy() is synchronous and idempotent (it can run from a signal handler), and also stops a
 * broker whose start was interrupted half way.
 *
 * A free port can be taken by someone else before the broker binds it: a start whose node came
 * up and died is tried again on fresh ports (up to 3 times). `conf(extraPort)` adds rabbitmq.conf lines (a TLS
 * listener on the extra port); `plugins` replaces the default rabbitmq_management.
 */
export function startBroker({ name, conf, plugins, root = ROOT }) {
  let current; // { scriptEnv, epmdPort } of the attempt under way; nothing to destroy before it
  let destroyed = false;
  let starting = true;
  const pidFile = join(root, '.broker', name, 'rabbitmq.pid');

  const destroyAttempt = () => {
    if (!current) return;
    // A start cut short may have launched the node before it wrote its pid file: give it a moment.
    for (let waited = 0; starting && !existsSync(pidFile) && existsSync(dirname(pidFile)) && waited < 5000; waited += 100) sleepSync(100);
    try {
      execFileSync('bash', ['scripts/broker.sh', 'destroy'], { cwd: root, env: current.scriptEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      process.stderr.write(`broker: destroying '${name}' failed: ${error.message}\n`);
    }
    stopOwnEpmd(current.epmdPort);
  };
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    destroyAttempt();
  };

  const ready = (async () => {
    for (let attempt = 1; ; attempt++) {
      const [port, mgmtPort, distPort, epmdPort, extraPort] = await freePorts(5);
      const env = {
        MQCLI_BROKER_NAME: name,
        MQCLI_BROKER_FRESH: '1',
        MQCLI_BROKER_PORT: String(port),
        MQCLI_BROKER_MGMT_PORT: String(mgmtPort),
        MQCLI_BROKER_DIST_PORT: String(distPort),
        MQCLI_BROKER_EPMD_PORT: String(epmdPort),
      };
      if (conf !== undefined) env.MQCLI_BROKER_CONF = conf(extraPort);
      if (plugins !== undefined) env.MQCLI_BROKER_PLUGINS = plugins;
      current = { scriptEnv: { ...process.env, ...env }, epmdPort };
      const { code, stderr } = await runStart(root, current.scriptEnv);
      if (destroyed) throw new Error(`broker '${name}' was destroyed while starting`);
      if (code === 0) {
        starting = false;
        return { port, mgmtPort, extraPort, url: `amqp://guest:guest@127.0.0.1:${port}`, env };
      }
      destroyAttempt();
      // broker.sh says "did not start" when the node came up and died: a port taken since we
      // looked is the usual cause (RabbitMQ's log names it deep in a crash report, not in the tail).
      if (attempt >= ATTEMPTS || !/did not start/.test(stderr)) {
        destroyed = true;
        throw new Error(`scripts/broker.sh start exited with ${code}`);
      }
      process.stderr.write(`broker: '${name}' did not start; trying again on fresh ports (${attempt + 1}/${ATTEMPTS})\n`);
    }
  })();
  ready.catch(() => {}); // the caller awaits it; this only keeps an early failure from being "unhandled"
  return { ready, destroy };
}

/** Runs broker.sh start, its stderr shown as it comes and kept, to tell why it failed. */
async function runStart(root, env) {
  const child = spawn('bash', ['scripts/broker.sh', 'start'], { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderr += chunk;
  });
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve(signal ? `signal ${signal}` : status));
  });
  return { code, stderr };
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * broker.sh destroy runs `epmd -kill` right after SIGKILLing the node, and epmd refuses ("living
 * nodes in database") until it has noticed the node is gone, so this instance's epmd (on its own
 * port, started for this run) can outlive the broker. Ask it again for up to 5 s.
 */
function stopOwnEpmd(epmdPort) {
  const env = { ...process.env, ERL_EPMD_PORT: String(epmdPort) };
  const epmd = (arg) => {
    try {
      execFileSync('epmd', [arg], { env, stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (!epmd('-names')) return; // not running (or no epmd on PATH): nothing left
    epmd('-kill');
    sleepSync(100);
  }
  process.stderr.write(`broker: the epmd on port ${epmdPort} would not stop\n`);
}
