// Property: any topology, written as YAML or JSON and read back, is the same topology, and
// writing it again gives the same bytes (what makes two exports of one broker diff clean).
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkTopology, formatTopology } from '../../../../src/core/ops/topology-file.js';
import { canonical, type Topology } from '../../../../src/core/ops/topology.js';

const name = fc.string({ minLength: 1, maxLength: 20 });
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;
const args = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== 'x-queue-type' && key !== '__proto__'),
  value,
  { maxKeys: 3 },
);

const topology: fc.Arbitrary<Topology> = fc.record({
  queues: fc.uniqueArray(
    fc.record({ name, type: fc.constantFrom('classic', 'quorum', 'stream'), durable: fc.boolean(), autoDelete: fc.boolean(), arguments: args }),
    {
      selector: (q) => q.name,
      maxLength: 4,
    },
  ),
  exchanges: fc.uniqueArray(
    fc.record({
      name: name.filter((n) => !n.startsWith('amq.')),
      type: fc.constantFrom('direct', 'topic', 'fanout', 'headers'),
      durable: fc.boolean(),
      autoDelete: fc.boolean(),
      internal: fc.boolean(),
      arguments: args,
    }),
    { selector: (x) => x.name, maxLength: 3 },
  ),
  bindings: fc.uniqueArray(
    fc.record({
      source: name,
      destination: fc.string({ maxLength: 10 }),
      destinationType: fc.constantFrom('queue' as const, 'exchange' as const),
      routingKey: fc.string({ maxLength: 10 }),
      arguments: args,
    }),
    { selector: (b) => JSON.stringify([b.source, b.destinationType, b.destination, b.routingKey]), maxLength: 4 },
  ),
  policies: fc.uniqueArray(
    fc.record({
      name,
      pattern: fc.string({ maxLength: 10 }),
      applyTo: fc.constantFrom('all', 'queues', 'exchanges'),
      priority: fc.integer({ min: -5, max: 50 }),
      definition: args,
    }),
    { selector: (p) => p.name, maxLength: 3 },
  ),
  parameters: fc.uniqueArray(fc.record({ component: name, name, value }), { selector: (p) => JSON.stringify([p.component, p.name]), maxLength: 2 }),
});

describe('topology files round trip', () => {
  it.each(['yaml', 'json'] as const)('%s: written and read back, the same topology and the same bytes', async (format) => {
    await fc.assert(
      fc.asyncProperty(topology, async (raw) => {
        const original = canonical(raw);
        const text = await formatTopology(original, format);
        const back = checkTopology(parse(text), 'f');
        expect(back).toEqual(original);
        expect(await formatTopology(back, format)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
