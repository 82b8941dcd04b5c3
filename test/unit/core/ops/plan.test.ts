import { describe, expect, it } from 'vitest';
import { plan, summary } from '../../../../src/core/ops/plan.js';
import { canonical, type Topology } from '../../../../src/core/ops/topology.js';

const queue = (name: string, args: Record<string, unknown> = {}, type = 'classic') => ({ name, type, durable: true, autoDelete: false, arguments: args });
const binding = (source: string, destination: string, args: Record<string, unknown> = {}) => ({
  source,
  destination,
  destinationType: 'queue' as const,
  routingKey: 'k',
  arguments: args,
});
const policy = (name: string, ttl: number) => ({ name, pattern: '.*', applyTo: 'queues', priority: 0, definition: { 'message-ttl': ttl } });
const topo = (parts: Partial<Topology>): Topology => canonical({ queues: [], exchanges: [], bindings: [], policies: [], parameters: [], ...parts });

describe('plan', () => {
  it.each([
    { what: 'nothing to do', desired: topo({ queues: [queue('a')] }), actual: topo({ queues: [queue('a')] }), prune: false, lines: [] },
    { what: 'a new queue', desired: topo({ queues: [queue('a')] }), actual: topo({}), prune: false, lines: ['create queue a'] },
    {
      what: 'a changed argument replaces the queue',
      desired: topo({ queues: [queue('a', { 'x-max-length': 2 })] }),
      actual: topo({ queues: [queue('a', { 'x-max-length': 1 })] }),
      prune: false,
      lines: ['change queue a arguments.x-max-length replace'],
    },
    {
      what: 'a new type replaces it',
      desired: topo({ queues: [queue('a', {}, 'quorum')] }),
      actual: topo({ queues: [queue('a')] }),
      prune: false,
      lines: ['change queue a type replace'],
    },
    {
      what: 'binding arguments change in place',
      desired: topo({ bindings: [binding('x', 'a', { n: 2 })] }),
      actual: topo({ bindings: [binding('x', 'a', { n: 1 })] }),
      prune: false,
      lines: ["change binding 'x' -> queue 'a' (routing key 'k') arguments.n"],
    },
    {
      what: 'a policy changes in place',
      desired: topo({ policies: [policy('p', 2)] }),
      actual: topo({ policies: [policy('p', 1)] }),
      prune: false,
      lines: ['change policy p definition.message-ttl'],
    },
    {
      what: 'what the file does not name is left alone',
      desired: topo({}),
      actual: topo({ queues: [queue('a')], policies: [policy('p', 1)] }),
      prune: false,
      lines: [],
    },
    {
      what: '--prune deletes it',
      desired: topo({}),
      actual: topo({ queues: [queue('a')], policies: [policy('p', 1)] }),
      prune: true,
      lines: ['delete queue a', 'delete policy p'],
    },
    { what: 'users count only with a users section', desired: topo({}), actual: topo({ users: [{ name: 'guest', tags: [] }] }), prune: true, lines: [] },
  ])('$what', ({ desired, actual, prune, lines }) => {
    const changes = plan(desired, actual, prune);
    expect(changes.map((c) => [c.action, c.kind, c.name, ...c.diffs.map((d) => d.field), ...(c.replace ? ['replace'] : [])].join(' '))).toEqual(lines);
  });

  it('counts each action', () => {
    const changes = plan(topo({ queues: [queue('a'), queue('b', { n: 1 })] }), topo({ queues: [queue('b'), queue('c')] }), true);
    expect(summary(changes)).toEqual({ create: 1, change: 1, delete: 1 });
  });
});
