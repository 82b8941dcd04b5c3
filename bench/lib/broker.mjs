// A throwaway RabbitMQ for the benchmark, started with scripts/broker.sh on free loopback ports
// (the same way test/setup/broker.ts does it), and always destroyed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Ports nobody listens on right now (listen on port 0, read the port, close). */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Starts `bash scripts/broker.sh start` (asynchronously, so a Ctrl-C can be handled meanwhile).
 * Returns { ready, destroy } at once: ready resolves with { port, url, env } once the broker is up;
 * destroy() is synchronous and idempotent (it can run from a signal handler), and also stops a
 * broker whose start was interrupted half way.
 */
export function startBroker({ root, name }) {
  let scriptEnv; // set once the ports are chosen; until then there is nothing to destroy
  let epmdPort;
  let destroyed = false;
  let starting = true;
  const pidFile = join(root, '.broker', name, 'rabbitmq.pid');

  const destroy = () => {
    if (destroyed || !scriptEnv) return;
    destroyed = true;
    // A start cut short may have launched the node before it wrote its pid file: give it a moment.
    for (let waited = 0; starting && !existsSync(pidFile) && existsSync(dirname(pidFile)) && waited < 5000; waited += 100) sleepSync(100);
    try {
      execFileSync('bash', ['scripts/broker.sh', 'destroy'], { cwd: root, env: scriptEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      process.stderr.write(`bench: destroying the broker failed: ${error.message}\n`);
    }
    stopOwnEpmd(epmdPort);
  };

  const ready = (async () => {
    const [port, mgmtPort, distPort, ownEpmdPort] = await freePorts(4);
    const env = {
      MQCLI_BROKER_NAME: name,
      MQCLI_BROKER_FRESH: '1',
      MQCLI_BROKER_PORT: String(port),
      MQCLI_BROKER_MGMT_PORT: String(mgmtPort),
      MQCLI_BROKER_DIST_PORT: String(distPort),
      MQCLI_BROKER_EPMD_PORT: String(ownEpmdPort),
    };
    scriptEnv = { ...process.env, ...env };
    epmdPort = ownEpmdPort;
    const child = spawn('bash', ['scripts/broker.sh', 'start'], { cwd: root, env: scriptEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (status, signal) => resolve(signal ? `signal ${signal}` : status));
    });
    if (code !== 0) {
      destroy();
      throw new Error(`scripts/broker.sh start exited with ${code}`);
    }
    starting = false;
    return { port, url: `amqp://guest:guest@127.0.0.1:${port}`, env };
  })();
  ready.catch(() => {}); // the caller awaits it; this only keeps an early failure from being "unhandled"
  return { ready, destroy };
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
  process.stderr.write(`bench: this run's epmd on port ${epmdPort} would not stop\n`);
}
