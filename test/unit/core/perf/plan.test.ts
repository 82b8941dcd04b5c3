import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { type PerfFlags, planPerf } from '../../../../src/core/perf/plan.js';

describe('planPerf', () => {
  it("fills in PerfTest's defaults: one of each, 10 s, confirms of 1000, transient, no prefetch limit", () => {
    const plan = planPerf(undefined, {});
    expect(plan).toMatchObject({
      producers: 1,
      consumers: 1,
      durationMs: 10_000,
      confirm: 1000,
      persistent: false,
      prefetch: 0,
      multiAck: 1,
      autoAck: false,
      openLoop: false,
      declare: true,
      cleanUp: true,
      role: 'both',
      useMillis: false,
      connections: { producers: 1, consumers: 1 },
    });
    expect(plan.queues).toEqual([expect.stringMatching(/^mqcli-perf-[0-9a-f]{8}$/)]);
  });

  it.each<[string, string | undefined, PerfFlags, object]>([
    ['--rate is open loop', undefined, { rate: 10 }, { rate: 10, openLoop: true }],
    ['--closed-loop', undefined, { rate: 10, closedLoop: true }, { openLoop: false }],
    ['--count instead of the 10 s', undefined, { count: 5 }, { count: 5, durationMs: undefined }],
    ['--no-confirm', undefined, { confirm: false }, { confirm: undefined }],
    ['--queues 3', 'jobs', { queues: 3 }, { queues: ['jobs-1', 'jobs-2', 'jobs-3'] }],
    ['--predeclared leaves the queue', 'jobs', { predeclared: true }, { declare: false, cleanUp: false }],
    ['--connections is at most one per agent', undefined, { producers: 2, consumers: 5, connections: 3 }, { connections: { producers: 2, consumers: 3 } }],
    ['a stream needs a prefetch', undefined, { queueType: 'stream' }, { prefetch: 1000 }],
    ['--role consumer: no producers, the wall clock, the queue kept', 'jobs', { role: 'consumer' }, { producers: 0, useMillis: true, cleanUp: false }],
    ['--role producer: no consumers', 'jobs', { role: 'producer', consumers: 4 }, { consumers: 0, useMillis: true }],
  ])('%s', (_, queue, flags, expected) => {
    expect(planPerf(queue, flags)).toMatchObject(expected);
  });

  it.each<[PerfFlags, string | undefined, string]>([
    [{ persistent: true, transient: true }, undefined, 'contradict'],
    [{ duration: 1, count: 1 }, undefined, 'not both'],
    [{ autoAck: true, multiAck: 5 }, undefined, '--auto-ack acks none'],
    [{ queueType: 'stream', autoAck: true }, undefined, 'a stream queue needs acks'],
    [{ role: 'consumer' }, undefined, "needs the queue's name"],
    [{ producers: 0, consumers: 0 }, undefined, 'nothing to run'],
    [{ routingKey: 'k' }, undefined, '--routing-key needs --exchange'],
    [{ failIf: ['p99>+10%'] }, undefined, 'give --compare'],
    [{ failIf: ['p99 is high'], compare: 'x' }, undefined, 'is not <figure><op><number>[%]'],
  ])('refuses %j (exit 2)', (flags, queue, message) => {
    expect(() => planPerf(queue, flags)).toThrow(UsageError);
    expect(() => planPerf(queue, flags)).toThrow(message);
  });
});
