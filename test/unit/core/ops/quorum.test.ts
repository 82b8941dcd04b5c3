import { describe, expect, it } from 'vitest';
import { quorumCritical } from '../../../../src/core/ops/quorum.js';

const queue = (members: number, online: number) => ({
  name: `q${members}-${online}`,
  vhost: '/',
  members: Array.from({ length: members }, (_, i) => `n${i}`),
  online: Array.from({ length: online }, (_, i) => `n${i}`),
});

describe('quorumCritical: one more node loss makes the queue unavailable', () => {
  it.each([
    { members: 3, online: 3, cluster: 3, critical: false },
    { members: 3, online: 2, cluster: 3, critical: true },
    { members: 5, online: 4, cluster: 5, critical: false },
    { members: 5, online: 3, cluster: 5, critical: true },
    { members: 1, online: 1, cluster: 3, critical: true },
    { members: 1, online: 1, cluster: 1, critical: false },
    { members: 3, online: 1, cluster: 3, critical: true },
  ])('$members members, $online online, $cluster nodes: $critical', ({ members, online, cluster, critical }) => {
    expect(quorumCritical([queue(members, online)], cluster)).toEqual(critical ? [{ name: `q${members}-${online}`, vhost: '/', members, online }] : []);
  });
});
