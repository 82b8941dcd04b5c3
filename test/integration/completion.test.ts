// Shell completion end to end: the scripts `mqcli completion <shell>` prints, loaded in the real
// shells, asking the built binary, which asks the test broker's management API for live names.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName, withAmqp } from '../helpers/amqp.js';
import { BIN, baseEnv, tempDir } from '../helpers/cli.js';
import { hasShell, skipWithout } from '../helpers/needs.js';

const run = promisify(execFile);
// zsh and fish are skipped only on a developer's machine without them; in CI (where
// scripts/ensure-deps.sh installs them as root) their absence fails the test.
const noZsh = skipWithout(hasShell('zsh'), 'zsh', 'completion.test.ts');
const noFish = skipWithout(hasShell('fish'), 'fish', 'completion.test.ts');

const home = tempDir();
const bin = join(home, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'mqcli'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, 'mqcli'), 0o755);
writeFileSync(join(home, '.rabbitclirc'), 'profiles:\n  staging:\n    host: 127.0.0.1\n  prod-eu:\n    host: 127.0.0.1\n');
writeFileSync(join(home, 'orders.json'), '{}');

const api = () => `http://127.0.0.1:${inject('broker').mgmtPort}`;
const env = (apiUrl = api()) => ({ ...baseEnv(home), PATH: `${bin}:${process.env.PATH}`, MQ_API_URL: apiUrl });

/** What bash offers for `line` (the cursor at its end), through the sourced script. */
async function bash(line: string, apiUrl?: string): Promise<string[]> {
  const script = `source <(mqcli completion bash)
read -ra COMP_WORDS <<< "$LINE"; [[ $LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mqcli_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout, stderr } = await run('bash', ['-c', script], { env: { ...env(apiUrl), LINE: line }, cwd: home, timeout: 20_000 });
  expect(stderr).toBe('');
  return stdout.split('\n').filter(Boolean);
}

/** What bash offers for COMP_WORDS as bash itself splits them (at `=` too), the cursor on the last. */
async function bashWords(words: string[]): Promise<string[]> {
  const script = `source <(mqcli completion bash); COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mqcli_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['-c', script, 'bash', ...words], { env: env(), cwd: home, timeout: 20_000 });
  return stdout.split('\n').filter(Boolean);
}

const queue = uniqueName('cmpl-q');
const other = uniqueName('cmpl-q');
const exchange = uniqueName('cmpl-x');

beforeAll(async () => {
  await withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { autoDelete: false });
    await channel.assertQueue(other, { autoDelete: false });
    await channel.assertExchange(exchange, 'topic', { autoDelete: false });
  });
});
afterAll(async () => {
  await withAmqp(async (connection) => {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(other);
    await channel.deleteExchange(exchange);
  });
});

describe('mqcli completion bash', () => {
  it('completes commands, subcommands, options and option values from the command tree', async () => {
    expect(await bash('mqcli ')).toEqual([
      'send',
      'listen',
      'ping',
      'config',
      'queue',
      'exchange',
      'request',
      'perf',
      'connection',
      'channel',
      'consumer',
      'binding',
      'vhost',
      'user',
      'permission',
      'policy',
      'node',
      'health',
      'definitions',
      'plan',
      'apply',
      'completion',
    ]);
    expect(await bash('mqcli listen q --on-error ')).toEqual(['stop', 'requeue', 'reject']);
    expect(await bash('mqcli qu')).toEqual(['queue']);
    expect(await bash('mqcli queue ')).toEqual(['declare', 'info', 'list', 'browse', 'move', 'copy', 'dump', 'restore', 'purge', 'delete', 'bind', 'unbind']);
    expect(await bash('mqcli send --re')).toEqual(['--repeat', '--retry-nacks', '--reply-to']);
    expect(await bash('mqcli send --no-r')).toEqual(['--no-reconnect']);
    expect(await bash('mqcli listen --format ')).toEqual(['pretty', 'raw', 'json', 'template']);
    expect(await bash('mqcli queue declare q --type ')).toEqual(['classic', 'quorum', 'stream']);
    expect(await bash('mqcli ping --auth ')).toEqual(['plain', 'external']);
    expect(await bash('mqcli --profile ')).toEqual(['staging', 'prod-eu']);
    expect(await bash('mqcli send q --file ord')).toEqual(['orders.json']);
    // a global option on a subcommand, and one that takes its value
    expect(await bash('mqcli queue list --vh')).toEqual(['--vhost']);
    expect(await bash('mqcli completion ')).toEqual([]);
    // bash splits --format=raw at the =
    expect(await bashWords(['mqcli', 'listen', '--format', '=', 'r'])).toEqual(['raw']);
    expect(await bashWords(['mqcli', 'listen', '--format', '='])).toEqual(['=pretty', '=raw', '=json', '=template']);
    expect(await bashWords(['mqcli', 'send', 'q', '--file', 'orders.json', 'ord'])).toEqual(['orders.json']);
  });

  it('completes live queue and exchange names where they are expected', async () => {
    const prefix = queue.slice(0, 'cmpl-q-'.length);
    for (const line of [
      `mqcli listen ${prefix}`,
      `mqcli send ${prefix}`,
      `mqcli queue info ${prefix}`,
      `mqcli queue purge ${prefix}`,
      `mqcli queue delete ${prefix}`,
    ]) {
      expect(await bash(line), line).toEqual(expect.arrayContaining([queue, other]));
    }
    expect(await bash(`mqcli queue move ${queue} ${prefix}`)).toEqual(expect.arrayContaining([queue, other]));
    expect(await bash(`mqcli queue bind ${queue} cmpl-x`)).toEqual([exchange]);
    expect(await bash('mqcli listen --exchange cmpl-x')).toEqual([exchange]);
    expect(await bash('mqcli send -e cmpl-x')).toEqual([exchange]);
    expect(await bash('mqcli listen --profile staging cmpl-x')).toEqual([]);
    // with --exchange, send's first argument is a routing key: no queue names
    expect(await bash(`mqcli send --exchange ${exchange} ${prefix}`)).toEqual([]);
  });

  it('an API that never answers gives no names, no error, within about a second', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = performance.now();
      expect(await bash('mqcli listen ', `http://127.0.0.1:${port}`)).toEqual([]);
      expect(performance.now() - started).toBeLessThan(6000);
      expect(sockets.length).toBeGreaterThan(0);
      expect(await bash('mqcli listen ', 'http://127.0.0.1:1')).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe.skipIf(noZsh)('mqcli completion zsh', () => {
  // compadd and _files only exist inside a completion widget: stand-ins print what they get.
  const zsh = async (words: string[]) => {
    const script = `compdef() { :; }; compadd() { shift; print -l -- "$@"; }; _files() { print FILES; }
source <(mqcli completion zsh)
words=(mqcli ${words.map((word) => `'${word}'`).join(' ')}); CURRENT=\${#words}; _mqcli`;
    const { stdout } = await run('zsh', ['-f', '-c', script], { env: env(), cwd: home, timeout: 20_000 });
    return stdout.split('\n').filter(Boolean);
  };
  it('offers the same candidates, live names and files', async () => {
    expect(await zsh(['queue', 'p'])).toEqual(['purge']);
    expect(await zsh(['listen', '--exchange', 'cmpl-x'])).toEqual([exchange]);
    expect(await zsh(['send', 'q', '--file', ''])).toEqual(['FILES']);
    expect(await zsh(['listen', '--format=j'])).toEqual(['--format=json']);
  });
});

describe.skipIf(noFish)('mqcli completion fish', () => {
  const fish = async (line: string) => {
    const { stdout } = await run('fish', ['-c', `mqcli completion fish | source; complete -C"${line}"`], { env: env(), cwd: home, timeout: 20_000 });
    return stdout.split('\n').filter(Boolean);
  };
  it('offers the same candidates, live names and files', async () => {
    expect(await fish('mqcli queue p')).toEqual(['purge']);
    expect(await fish('mqcli listen --exchange cmpl-x')).toEqual([exchange]);
    expect(await fish('mqcli send q --file ord')).toEqual(['orders.json']);
    expect(await fish('mqcli listen --format=j')).toEqual(['--format=json']);
  });
});
