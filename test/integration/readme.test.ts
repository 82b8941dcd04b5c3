import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ctl, uniqueName } from '../helpers/amqp.js';
import { BIN, baseEnv, tempDir } from '../helpers/cli.js';

interface Example {
  line: number;
  command: string;
  /** In a ```console block: the lines shown after the command, as a terminal shows stdout and stderr. */
  output?: string[];
}

/**
 * The commands of README.md, in order: every line of a ```sh block, and the `$ ` lines of a
 * ```console block with the output shown under each. A block whose previous line is an HTML
 * comment starting `<!-- not run` is skipped.
 */
function readmeExamples(text: string): { run: Example[]; skipped: number[] } {
  const lines = text.split('\n');
  const run: Example[] = [];
  const skipped: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(sh|console)\s*$/.exec(lines[i] as string);
    if (fence === null) continue;
    const notRun = (lines[i - 1] ?? '').startsWith('<!-- not run');
    if (notRun) skipped.push(i + 1);
    let last: Example | undefined;
    for (i++; i < lines.length && lines[i] !== '```'; i++) {
      const text = (lines[i] as string).trim();
      if (fence[1] === 'console' && !text.startsWith('$ ')) {
        last?.output?.push(lines[i] as string);
        continue;
      }
      const command = fence[1] === 'console' ? text.slice(2) : text;
      last = fence[1] === 'console' ? { line: i + 1, command, output: [] } : { line: i + 1, command };
      if (!notRun && command !== '' && !command.startsWith('#')) run.push(last);
    }
  }
  return { run, skipped };
}

/** Output with what changes from run to run made constant: durations and rates. */
const steady = (text: string) =>
  text
    .replace(/\bin \d+(\.\d+)? (ms|s|min)\b/g, 'in <time>')
    .replace(/\b[\d,.]+ msg\/s\b/g, '<rate> msg/s')
    .trimEnd();

const README = resolve(import.meta.dirname, '../../README.md');
const vhost = uniqueName('readme');

beforeAll(() => {
  ctl('add_vhost', vhost);
  ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
});
afterAll(() => {
  ctl('delete_vhost', vhost);
});

/** A folder with the files the examples read, and `mqcli` on PATH as the built binary. */
function workspace(): string {
  const dir = tempDir('mqcli-readme-');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'mqcli'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(dir, 'bin', 'mqcli'), 0o755);
  writeFileSync(join(dir, 'records.bin'), Buffer.from('record 1\0record 2\nwith a newline\0record 3\0'));
  writeFileSync(join(dir, 'report.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 0xff, 0x80, 10, 13])]));
  writeFileSync(join(dir, 'a.json'), '{"order": 1}\n');
  writeFileSync(join(dir, 'b.json'), '{"order": 2}\n');
  return dir;
}

describe('README.md', () => {
  const { run, skipped } = readmeExamples(readFileSync(README, 'utf8'));

  it('marks only the blocks that cannot run here (setup, TLS, clusters) as not run', () => {
    expect(skipped.length).toBeLessThanOrEqual(3);
    expect(run.length).toBeGreaterThan(30);
  });

  it('runs every example as written, in order, against the broker', () => {
    const dir = workspace();
    const env = {
      ...baseEnv(dir),
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      MQ_VHOST: vhost,
      // The demo broker's API is at the default URL; the test broker's is on a port of its own.
      MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}`,
    };
    let compared = 0;
    for (const { line, command, output } of run) {
      // A console block shows stdout and stderr as a terminal does: one stream, in order.
      const script = output === undefined ? command : `{ ${command}\n} 2>&1`;
      const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 20_000 });
      const where = `README.md:${line}: ${command}\n${result.stderr}`;
      expect(result.status, where).toBe(0);
      expect(result.stderr, where).not.toMatch(/^(error|warning):/m);
      if (output === undefined) continue;
      expect(steady(result.stdout), `README.md:${line}: what \`${command}\` prints`).toBe(steady(output.join('\n')));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  }, 300_000); // some 60 commands, each a Node start-up: minutes on a loaded machine
});
