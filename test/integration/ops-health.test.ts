// `mqcli health` on a broker of this file's own: a memory alarm set here must never stop the
// shared test broker's publishers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctlOn } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { type BrokerInfo, startBroker } from '../setup/broker.js';

let broker: BrokerInfo;
let stop: () => void;
beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`health-${process.pid}`));
});
afterAll(() => stop?.());

const health = (...args: string[]) => mqcli(['health', ...args], { broker, env: { MQ_API_URL: `http://127.0.0.1:${broker.mgmtPort}` } });

describe('mqcli health', () => {
  it('exits 0 on a healthy broker, 1 with a memory alarm in effect, and 0 again once it clears', async () => {
    const ok = await health('--json');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ healthy: true, nodes: { down: [] }, alarms: [], quorumCritical: [] });
    expect(report.nodes.running).toHaveLength(1);
    const table = await health();
    expect(table.code).toBe(0);
    expect(table.stdout).toBe('nodes\tok\t1 running\nalarms\tok\tnone\nquorum\tok\tno quorum queue is one node loss from unavailable\nhealth\thealthy\t\n');

    ctlOn(broker, 'set_vm_memory_high_watermark', '0.0000001');
    try {
      await waitFor(async () => (await health()).code === 1, 15_000, 'the memory alarm');
      const alarmed = await health('--json');
      expect(alarmed.code).toBe(1);
      const [node] = report.nodes.running;
      expect(JSON.parse(alarmed.stdout)).toMatchObject({ healthy: false, alarms: [{ node, resource: 'memory' }] });
      const text = await health();
      expect(text.stdout).toContain(`alarms\tfailed\tmemory on ${node}\n`);
      expect(text.stdout).toMatch(/health\tunhealthy\t\n$/);
    } finally {
      ctlOn(broker, 'set_vm_memory_high_watermark', '0.4');
    }
    await waitFor(async () => (await health()).code === 0, 15_000, 'the alarm to clear');
  });

  it('is exit 1 when the management API cannot be reached, as a probe needs', async () => {
    const result = await mqcli(['health'], { broker, env: { MQ_API_URL: 'http://127.0.0.1:1' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: the management API at http:\/\/127\.0\.0\.1:1 is not reachable/);
  });
});
