// The coordinated-omission test: the broker is frozen (SIGSTOP) for a second in the middle of a
// run at --rate 500. The open-loop run counts each message from when it was due, so the stall
// shows in every message it held up; a closed loop counts from when a message went, so the stall
// shows only in the few messages in flight. A broker of its own: freezing the shared one would
// stall every other test file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../helpers/cli.js';
import { type BrokerInfo, startBroker } from '../setup/broker.js';

let broker: BrokerInfo;
let stop: () => void;

beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`perf-stall-${process.pid}`));
});
afterAll(() => stop?.());

/** The Erlang VM's pid, from the pid file broker.sh has it write in its data folder. */
function beamPid(): number {
  const dir = broker.env.MQCLI_BROKER_DIR ?? join(import.meta.dirname, '../../.broker', broker.env.MQCLI_BROKER_NAME as string);
  return Number(readFileSync(join(dir, 'rabbitmq.pid'), 'utf8').trim());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

describe('perf when the broker stalls for a second (coordinated omission)', () => {
  it('open loop shows the stall in hundreds of messages; a closed loop in a handful', async () => {
    // A small confirm window: both producers block while the broker is frozen, as a real client would.
    const args = ['perf', '--rate', '500', '--duration', '10', '--confirm', '10', '--json'];
    const open = start(args, { broker, timeout: 40_000 });
    const closed = start([...args, '--closed-loop'], { broker, timeout: 40_000 });
    await sleep(4500);
    const pid = beamPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(1000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const [openRun, closedRun] = await Promise.all([open.done, closed.done]);
    expect(openRun.code, openRun.stderr).toBe(0);
    expect(closedRun.code, closedRun.stderr).toBe(0);
    const latency = (stdout: string) => (JSON.parse(stdout) as { result: { latency: Latency; totals: { lost: number; gaps: number } } }).result;
    const corrected = latency(openRun.stdout);
    const uncorrected = latency(closedRun.stdout);
    // Open loop: every due message was sent (late), the stall in full.
    expect(corrected.latency.count).toBeGreaterThan(4500);
    expect(corrected.latency.max).toBeGreaterThanOrEqual(900);
    // p95 of ~5000: at least 250 messages held up 200 ms or more.
    expect(corrected.latency.p95).toBeGreaterThanOrEqual(200);
    // Closed loop: the stall is in its max, but fewer than 1% of the messages saw it.
    expect(uncorrected.latency.max).toBeGreaterThanOrEqual(900);
    expect(uncorrected.latency.p99).toBeLessThan(200);
    expect(uncorrected.latency.p50).toBeLessThan(50);
    for (const run of [corrected, uncorrected]) expect(run.totals).toMatchObject({ lost: 0, gaps: 0 });
  });
});
