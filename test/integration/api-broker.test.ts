import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fillQueue, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';
import { type BrokerInfo, startBroker } from '../setup/broker.js';

// Two brokers: the shared test broker, and one of this file's own. Pointing AMQP at one and the
// management API at the other is what a default API URL does when two brokers share a host.
let other: { info: BrokerInfo; stop: () => void };
beforeAll(async () => {
  other = await startBroker(`api-${process.pid}`);
});
afterAll(() => other?.stop());

const apiOf = (broker: BrokerInfo) => `http://127.0.0.1:${broker.mgmtPort}`;

/** The cluster name as the broker's own management API gives it, without mqcli. */
async function clusterName(broker: BrokerInfo): Promise<string> {
  const response = await fetch(`${apiOf(broker)}/api/overview`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  return ((await response.json()) as { cluster_name: string }).cluster_name;
}

describe('a management API that answers for another broker', () => {
  it('stops queue list and exchange list with one error naming both clusters', async () => {
    const [ours, theirs] = [await clusterName(inject('broker')), await clusterName(other.info)];
    expect(ours).not.toBe(theirs);
    for (const args of [
      ['queue', 'list'],
      ['exchange', 'list'],
    ]) {
      const result = await mqcli(args, { env: { MQ_API_URL: apiOf(other.info) } });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      const [error, hint, rest] = result.stderr.split('\n');
      expect(error).toBe(
        `error: the management API at ${apiOf(other.info)} answers for cluster '${theirs}', but the AMQP connection to 127.0.0.1:${inject('broker').port} reached cluster '${ours}'`,
      );
      expect(hint).toMatch(/--api-url, MQ_API_URL or apiUrl in the rc file/);
      expect(rest).toBe('');
    }
  });

  it('queue info leaves out the API fields with a note naming both clusters, and exits 0 with the AMQP counts', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a']);
    const [ours, theirs] = [await clusterName(inject('broker')), await clusterName(other.info)];
    const result = await mqcli(['queue', 'info', queue, '--json'], { env: { MQ_API_URL: apiOf(other.info) } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ queue, vhost: '/', messages: 1, consumers: 0 });
    expect(result.stderr).toBe(
      `(type, durability and arguments need the management API: the management API at ${apiOf(other.info)} answers for cluster '${theirs}', ` +
        `but the AMQP connection to 127.0.0.1:${inject('broker').port} reached cluster '${ours}'; ` +
        'Point mqcli at the management API of that broker: --api-url, MQ_API_URL or apiUrl in the rc file)\n',
    );
  });

  it('changes nothing when the API answers for the broker AMQP reached, and --verbose names the URL', async () => {
    const queue = uniqueName();
    await fillQueue(queue, ['a']);
    const env = { MQ_PORT: String(other.info.port), MQ_API_URL: apiOf(other.info) };
    const right = await mqcli(['queue', 'list', '--json', '--verbose'], {
      env: { MQ_PORT: String(inject('broker').port), MQ_API_URL: apiOf(inject('broker')) },
    });
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout).map((row: { name: string }) => row.name)).toContain(queue);
    expect(right.stderr).toContain(`management API: ${apiOf(inject('broker'))} (MQ_API_URL)`);
    const elsewhere = await mqcli(['queue', 'list', '--json'], { env });
    expect(elsewhere.code).toBe(0);
    expect(JSON.parse(elsewhere.stdout).map((row: { name: string }) => row.name)).not.toContain(queue);
    const info = await mqcli(['queue', 'info', queue, '--json'], { env: { MQ_API_URL: apiOf(inject('broker')) } });
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ queue, type: 'classic', messages: 1 });
  });
});
