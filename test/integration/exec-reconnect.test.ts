// listen --exec when the broker closes the connection, on a broker of its own (as in
// disruptive.test.ts): it reconnects and goes on. A command that ran (or still runs) across the
// loss is not run again for the redelivery: the copy is settled as the first command ended.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type BrokerInfo } from '../setup/broker.js';
import { ctlOn, uniqueName, withAmqp } from '../helpers/amqp.js';
import { mqcli, start, tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

let broker: BrokerInfo;
let stop: () => void;

beforeAll(async () => {
  ({ info: broker, stop } = await startBroker(`exec-reconnect-${process.pid}`));
});
afterAll(() => stop?.());

const publish = (queue: string, ...bodies: string[]) =>
  withAmqp(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue);
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body));
    await channel.waitForConfirms();
  }, broker);

const depth = (queue: string) => withAmqp(async (connection) => (await (await connection.createChannel()).checkQueue(queue)).messageCount, broker);

describe('listen --exec when the broker closes the connection', () => {
  it('reconnects, settles the redelivery of a command that ran across the loss without running it again, and stops at --count', {
    timeout: 120_000,
  }, async () => {
    const queue = uniqueName();
    await publish(queue, 'first');
    // The first command runs until the connection was lost and found again (the test then makes
    // the file), however long rabbitmqctl takes to start on a busy machine.
    const release = join(tempDir(), 'release');
    const run = start(
      [
        'listen',
        queue,
        '--exec',
        `b=$(cat); echo "start $b $MQ_REDELIVERED"; if [ "$b" = first ] && [ "$MQ_REDELIVERED" = false ]; then while [ ! -e '${release}' ]; do sleep 0.1; done; fi`,
        '--count',
        '2',
      ],
      { broker, timeout: 90_000 },
    );
    await waitFor(() => run.stdoutText().includes('start first false'), 20_000, 'the first command');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
    writeFileSync(release, '');
    await publish(queue, 'second');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['start first false', 'start second false']);
    expect(result.stderr).toMatch(/the broker closed the connection: test closes it \(CONNECTION_FORCED\); reconnecting/);
    expect(result.stderr).toMatch(
      /ran 2 commands .*: 2 succeeded, 0 failed, 0 requeued, 0 rejected; 1 redelivered message settled again without running its command/,
    );
    expect(await depth(queue)).toBe(0);
  });

  it('takes exactly --count messages across a reconnect with many in flight', { timeout: 120_000 }, async () => {
    const queue = uniqueName();
    await publish(queue, ...Array.from({ length: 80 }, (_, i) => String(i + 1)));
    // Every fifth command is slow, so some run across the loss while the rest have been acked.
    // Slow enough that the close lands mid-run even when rabbitmqctl starts slowly on a loaded machine.
    const command = 'b=$(cat); if [ $((b % 5)) -eq 0 ]; then sleep 4; fi; echo "ok $b"';
    const run = start(['listen', queue, '--exec', command, '--concurrency', '3', '--count', '30'], { broker, timeout: 90_000 });
    await waitFor(() => run.stdoutText().includes('ok 3\n'), 20_000, 'the first commands');
    ctlOn(broker, 'close_all_connections', 'test closes it');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/reconnected/);
    const lines = result.stdout.split('\n').filter(Boolean);
    const done = new Set(lines);
    console.log(`exec --count 30 across a reconnect: ${lines.length} commands for ${done.size} messages`);
    // A command that ran across the loss is not run again; 30 distinct were acked.
    expect(result.stderr).toMatch(/: 30 succeeded/);
    expect(await depth(queue)).toBe(80 - 30);
    expect(done.size).toBeGreaterThanOrEqual(30);
  });

  // Quorum, with messages sent by mqcli (no header table): its redeliveries carry a table holding
  // only x-delivery-count, and must still be recognised.
  it.each(['classic', 'quorum'])(
    'runs no finished command again when the connection is lost mid-stream (%s), and the summary says what was settled again',
    { timeout: 150_000 },
    async (type) => {
      const queue = uniqueName();
      const total = 3000;
      const numbers = Array.from({ length: total }, (_, i) => String(i + 1));
      if (type === 'classic') await publish(queue, ...numbers);
      else {
        expect((await mqcli(['queue', 'declare', queue, '--type', 'quorum'], { broker })).code).toBe(0);
        expect((await mqcli(['send', queue], { broker, input: `${numbers.join('\n')}\n` })).code).toBe(0);
      }
      const dir = tempDir();
      const log = join(dir, 'log');
      const release = join(dir, 'release');
      // Past message 300 the commands wait for the test, so the close lands mid-run however slowly
      // rabbitmqctl starts; those waiting run across the loss.
      const command = `read -r l; echo "$l" >> '${log}'; if [ "$l" -gt 300 ]; then while [ ! -e '${release}' ]; do sleep 0.05; done; fi`;
      const run = start(['listen', queue, '--exec', command, '--concurrency', '4', '--drain'], { broker, timeout: 120_000 });
      await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 300, 30_000, 'the first commands');
      ctlOn(broker, 'close_all_connections', 'test closes it');
      await waitFor(() => /reconnected/.test(run.stderrText()), 30_000, 'the reconnect');
      writeFileSync(release, '');
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/reconnected/);
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const distinct = new Set(lines);
      expect(distinct.size).toBe(total);
      // Only an ack already on the wire when the connection went can be lost unseen (a duplicate is
      // allowed, a loss is not); every command mqcli knew had run is settled, not run again.
      console.log(`--exec across close_all_connections: ${lines.length - total} command(s) ran twice`);
      expect(lines.length - total).toBeLessThanOrEqual(16);
      const summary = /ran ([\d,]+) commands .*: ([\d,]+) succeeded, 0 failed, 0 requeued, 0 rejected/.exec(result.stderr);
      expect(summary, result.stderr).not.toBeNull();
      expect(Number(summary?.[1]?.replace(/,/g, ''))).toBe(lines.length);
      expect(await depth(queue)).toBe(0);
    },
  );
});
