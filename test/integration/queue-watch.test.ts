// queue list --watch: one table per refresh in a pipe, a live screen on a terminal (under script(1)).
import { spawn } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePorts } from '../../scripts/lib/broker.mjs';
import { describe, expect, inject, it } from 'vitest';
import { fillQueue, uniqueName } from '../helpers/amqp.js';
import { BIN, baseEnv, mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const api = () => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}` });
const tables = (stdout: string) => stdout.split('\n\n').filter((table) => table.startsWith('name\t'));

describe('queue list --watch in a pipe', () => {
  it('prints one table per refresh, follows the queue, and exits 130 on SIGINT', async () => {
    const prefix = uniqueName('watch');
    await fillQueue(`${prefix}-a`, ['1', '2', '3']);
    const run = start(['queue', 'list', '--watch', '--interval', '1', '--filter', `${prefix}-*`], { env: api() });
    // The management API has no counts for a new queue for a second or so ('-'), then lags that much.
    const hasTable = (ready: number) => tables(run.stdoutText()).some((table) => table.includes(`\n${prefix}-a\t${ready}\t0\t0\t`));
    try {
      await waitFor(() => hasTable(3), 15_000, 'a table with 3 ready');
      await fillQueue(`${prefix}-a`, ['4', '5']);
      await waitFor(() => hasTable(5), 15_000, 'a table with 5 ready');
    } finally {
      run.child.kill('SIGINT');
    }
    const result = await run.done;
    expect(result.code).toBe(130);
    const all = tables(result.stdout);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const row = `${prefix}-a(\\t(-|\\d+)){3}\\t\\d+\\.\\d\\t\\d+\\.\\d`;
    for (const table of all) expect(table).toMatch(new RegExp(`^name\\tready\\tunacked\\tconsumers\\tpublish/s\\tdeliver/s\\n${row}\\n?$`));
    expect(result.stderr).toBe('');
  });

  it('prints one JSON line per refresh with --json, and stops quietly when the reader goes', async () => {
    const queue = uniqueName('watch');
    await fillQueue(queue, ['x']);
    const run = start(['queue', 'list', '--watch', '--json', '--interval', '1', '--filter', queue], { env: api() });
    // The API fills in a new queue's fields one by one (null until then); wait for a line with all of them.
    const complete = (line: string) => ['"messages":1', '"ready":1', '"unacked":0', '"consumers":0'].every((field) => line.includes(field));
    await waitFor(() => run.stdoutText().split('\n').some(complete), 15_000, 'a JSON line with the counts');
    run.child.stdout.destroy();
    const result = await run.done;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter(complete);
    expect(JSON.parse(lines[0] as string)).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      queues: [{ name: queue, messages: 1, ready: 1, unacked: 0, consumers: 0, publishRate: expect.any(Number), deliverRate: expect.any(Number) }],
    });
  });

  it('escapes control characters in queue names', async () => {
    const queue = `${uniqueName('watch')}-\x1b[2J`;
    await fillQueue(queue, []);
    const run = start(['queue', 'list', '--watch', '--interval', '1', '--filter', `${queue.slice(0, 14)}*`], { env: api() });
    await waitFor(() => tables(run.stdoutText()).some((table) => table.includes('\\x1b')), 15_000, 'a table');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.stdout).toContain(`${queue.slice(0, 14)}-\\x1b[2J\t`);
    expect(result.stdout).not.toContain('\x1b');
  });

  it('fails at once when the first refresh fails', async () => {
    const result = await mqcli(['queue', 'list', '--watch'], { env: { MQ_API_URL: `http://127.0.0.1:${(await freePorts(1))[0]}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the management API at http:\/\/127\.0\.0\.1:\d+ is not reachable: connection refused\n/);
    expect(result.stdout).toBe('');
  });

  it('says when a later refresh fails, and goes on once the API answers again', async () => {
    const queue = uniqueName('watch');
    await fillQueue(queue, ['x']);
    // The real API behind a TCP relay that the test takes away and brings back.
    const [port] = (await freePorts(1)) as [number];
    const relay = new Relay(port, inject('broker').mgmtPort);
    await relay.open();
    const run = start(['queue', 'list', '--watch', '--interval', '1', '--filter', queue], { env: { MQ_API_URL: `http://127.0.0.1:${port}` } });
    try {
      await waitFor(() => tables(run.stdoutText()).length >= 1, 15_000, 'the first table');
      await relay.close();
      await waitFor(() => run.stderrText().includes('trying again'), 15_000, 'a failed refresh');
      const before = tables(run.stdoutText()).length;
      await relay.open();
      await waitFor(() => tables(run.stdoutText()).length > before, 15_000, 'a table after the outage');
    } finally {
      run.child.kill('SIGINT');
      await relay.close();
    }
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/^warning: the management API at http:\/\/127\.0\.0\.1:\d+ is not reachable: connection refused; trying again in 1 s\n/);
  });

  it('refuses --interval without --watch', async () => {
    const result = await mqcli(['queue', 'list', '--interval', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --interval needs --watch\n');
  });
});

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * Runs `queue list --watch` on a pseudo-terminal made by script(1), presses `key` once the first
 * screen is drawn, then prints the terminal's settings (stty -a) to show what was restored.
 */
async function onTerminal(args: string[], key: string, ready: RegExp) {
  const terminal = underScript(
    `stty cols 100 rows 12; ${[process.execPath, BIN, 'queue', 'list', '--watch', ...args].map(quote).join(' ')}; code=$?; stty -a; exit $code`,
  );
  try {
    await waitFor(() => ready.test(terminal.output()), 20_000, 'the live screen');
    terminal.child.stdin.write(key);
    return { code: await terminal.done, output: terminal.output() };
  } finally {
    terminal.end();
  }
}

/** Runs `command` in sh under script(1), a terminal of its own; killed after 30 s at most. */
function underScript(command: string) {
  const home = tempDir();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...baseEnv(home), ...api() }, cwd: home });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const end = () => {
    clearTimeout(timer);
    child.stdin.end();
  };
  return { child, output: () => output, done, end };
}

describe('queue list --watch on a terminal', () => {
  it('draws a live table with a depth sparkline on the alternate screen; q quits and restores the terminal', async () => {
    const queue = uniqueName('live');
    await fillQueue(queue, ['1', '2']);
    // The management API may show some counts before others: wait for a screen with all of them.
    const row = new RegExp(`${queue} +2 +0 +0 +\\d+\\.\\d +\\d+\\.\\d +[▁-█ ]*█`);
    const { code, output } = await onTerminal(['--interval', '1', '--filter', queue], 'q', row);
    expect(code).toBe(0);
    const [screen, after] = output.split('\x1b[?25h\x1b[?1049l');
    expect(screen).toMatch(/^\x1b\[\?1049h\x1b\[\?25l\x1b\[H/);
    expect(screen).toMatch(/name +ready +unacked +consumers +publish\/s +deliver\/s +depth, last minute/);
    expect(screen).toMatch(row);
    // Raw mode is off again: the line discipline echoes and reads lines.
    expect(after).toMatch(/[^-]icanon/);
    expect(after).toMatch(/[^-]echo /);
  });

  it('redraws at once, to the new width, when the terminal is resized', async () => {
    const queue = uniqueName('resize');
    await fillQueue(queue, ['1']);
    const watch = [process.execPath, BIN, 'queue', 'list', '--watch', '--interval', '60', '--filter', queue].map(quote).join(' ');
    // In the background (stdin /dev/null, so no keys), in the terminal's process group: stty's resize
    // signals it. The shell resizes once the test, having seen the first screen, says go.
    const terminal = underScript(`stty cols 100 rows 12; ${watch} & read go; stty cols 40; sleep 2; kill -INT $!; wait $!`);
    try {
      await waitFor(() => terminal.output().includes(`${queue} `), 20_000, 'the first screen');
      terminal.child.stdin.write('go\n');
      expect(await terminal.done).toBe(130);
    } finally {
      terminal.end();
    }
    const output = terminal.output();
    const screens = output.split('\x1b[H').slice(1);
    // One refresh a minute: the second screen can only be the redraw for the new size.
    expect(screens).toHaveLength(2);
    expect(screens[0]).toContain('depth, last minute');
    expect(screens[1]).toContain(`${queue} `);
    for (const line of (screens[1] as string).split('\x1b[K')) expect(line.replace(/\x1b\[[0-9;?]*[a-zA-Z]|\r|\n/g, '').length).toBeLessThanOrEqual(40);
  });

  it('Ctrl-C leaves the screen too, and exits 130', async () => {
    const { code, output } = await onTerminal(['--filter', uniqueName('none')], '\x03', /q to quit/);
    expect(code).toBe(130);
    expect(output).toMatch(/no queues matching 'none-[0-9a-f]+'/);
    expect(output).toContain('\x1b[?25h\x1b[?1049l');
    expect(output.split('\x1b[?25h\x1b[?1049l')[1]).toMatch(/[^-]icanon/);
  });
});

/** A TCP relay from `port` to `target` on loopback, which can be closed (connections cut) and opened again. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly port: number,
    private readonly target: number,
  ) {}

  open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  }
}
