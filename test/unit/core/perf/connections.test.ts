import { describe, expect, it } from 'vitest';
import { startingAt } from '../../../../src/core/perf/connections.js';

const nodes = [1, 2, 3].map((n) => ({ host: `node${n}`, port: 5672 }));
const hosts = (i: number) => startingAt(nodes, i).map((node) => node.host);

describe('startingAt (connections spread over a URL list)', () => {
  it.each([
    [0, ['node1', 'node2', 'node3']],
    [1, ['node2', 'node3', 'node1']],
    [2, ['node3', 'node1', 'node2']],
    [3, ['node1', 'node2', 'node3']],
    [7, ['node2', 'node3', 'node1']],
  ])('connection %i tries %j', (i, order) => {
    expect(hosts(i)).toEqual(order);
  });

  it('a single node is every connection’s first', () => {
    expect(startingAt(nodes.slice(0, 1), 5)).toEqual([nodes[0]]);
  });
});
