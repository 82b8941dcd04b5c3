// send --rate against the real broker: coarse time bounds only (seconds), the pacing itself is
// unit-tested with a fake clock (test/unit/send-pace.test.ts).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { describe, expect, inject, it } from 'vitest';
import { drainQueue, queueState, uniqueName } from '../helpers/amqp.js';
import { BIN, mqcli, tempDir } from '../helpers/cli.js';

async function timed(args: string[], input?: string) {
  const started = performance.now();
  const result = await mqcli(args, { input });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

describe('send --rate', () => {
  it('with --repeat: 50 messages at 25/s take about 2 s, spread over more than one second', async () => {
    const queue = uniqueName('rate');
    const result = await timed(['send', queue, 'tick', '--repeat', '50', '--rate', '25']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/sent 50 messages .* all confirmed/);
    expect(result.seconds).toBeGreaterThanOrEqual(1.5);
    expect(result.seconds).toBeLessThan(6);
    const messages = await drainQueue(queue);
    expect(messages).toHaveLength(50);
    // AMQP timestamps are whole seconds: a burst would give them all one.
    expect(new Set(messages.map((message) => message.properties.timestamp)).size).toBeGreaterThanOrEqual(2);
  });

  it('with --json envelopes and with stdin lines, in order', async () => {
    const json = uniqueName('rate-json');
    const lines = Array.from({ length: 30 }, (_, index) => JSON.stringify({ body: `m${index}`, properties: { headers: { n: index } } }));
    const fromJson = await timed(['send', json, '--json', '--rate', '20'], `${lines.join('\n')}\n`);
    expect(fromJson.code).toBe(0);
    expect(fromJson.seconds).toBeGreaterThanOrEqual(1);
    expect(fromJson.seconds).toBeLessThan(6);
    expect((await drainQueue(json)).map((message) => message.content.toString())).toEqual(lines.map((_, index) => `m${index}`));

    const plain = uniqueName('rate-lines');
    const fromLines = await timed(['send', plain, '--rate', '10'], 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n');
    expect(fromLines.code).toBe(0);
    expect(fromLines.seconds).toBeGreaterThanOrEqual(1);
    expect((await drainQueue(plain)).map((message) => message.content.toString())).toEqual([...'abcdefghijkl']);
  });

  it('on a terminal, the progress line shows the rate achieved', async () => {
    if (spawnSync('script', ['--version']).status !== 0) return; // util-linux's script provides the terminal
    const queue = uniqueName('rate-tty');
    const { port } = inject('broker');
    const env = { PATH: process.env.PATH, HOME: tempDir(), MQ_HOST: '127.0.0.1', MQ_PORT: String(port), TERM: 'xterm' };
    const command = `stty cols 120 rows 40; "${process.execPath}" "${BIN}" send ${queue} x --repeat 50 --rate 20`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/sending to queue '[^']+': \d+ sent, \d+ confirmed, \d+\.\d\/s \(--rate 20\)/);
    expect((await drainQueue(queue)).length).toBe(50);
  });

  it.each([['0'], ['-5'], ['fast'], ['1e9']])('refuses --rate %s with exit 2, before connecting', async (rate) => {
    const queue = uniqueName('rate-bad');
    const result = await mqcli(['send', queue, 'x', '--rate', rate]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--rate <n>.*Expected a number above 0, up to 1000000\./);
    expect(await queueState(queue)).toBeUndefined();
  });
});
