import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkTopology, formatTopology } from '../../../../src/core/ops/topology-file.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../schema/topology.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: false }).compile(schema);
const accepts = (data: unknown) => {
  try {
    checkTopology(data, 'f.yaml');
    return true;
  } catch {
    return false;
  }
};

// The shipped JSON Schema and the checker say the same of each file.
const files: [string, unknown, boolean][] = [
  ['empty', {}, true],
  [
    'a full file',
    {
      queues: [{ name: 'q', type: 'quorum', durable: true, autoDelete: false, arguments: { 'x-max-length': 1 } }],
      exchanges: [{ name: 'x', type: 'topic' }],
      bindings: [{ source: 'x', destination: 'q', routingKey: 'a.*' }],
      policies: [{ name: 'p', pattern: '.*', applyTo: 'queues', priority: 1, definition: { 'message-ttl': 1 } }],
      parameters: [{ component: 'shovel', name: 's', value: { a: 1 } }],
      users: [{ name: 'u', tags: ['management'] }],
      permissions: [{ user: 'u', configure: '', write: '.*', read: '.*' }],
    },
    true,
  ],
  ['an unknown section', { queue: [] }, false],
  ['an unknown field', { queues: [{ name: 'q', typ: 'quorum' }] }, false],
  ['a queue without a name', { queues: [{}] }, false],
  ['an empty name', { queues: [{ name: '' }] }, false],
  ['x-queue-type among the arguments', { queues: [{ name: 'q', arguments: { 'x-queue-type': 'quorum' } }] }, false],
  ['durable as a string', { queues: [{ name: 'q', durable: 'yes' }] }, false],
  ['an amq. exchange', { exchanges: [{ name: 'amq.topic' }] }, false],
  ['a bad destination type', { bindings: [{ source: 'x', destination: 'q', destinationType: 'topic' }] }, false],
  ['a fractional priority', { policies: [{ name: 'p', pattern: '.*', priority: 1.5, definition: {} }] }, false],
  ['a bad apply-to', { policies: [{ name: 'p', pattern: '.*', applyTo: 'streams', definition: {} }] }, false],
  ['a parameter without a value', { parameters: [{ component: 'c', name: 'n' }] }, false],
  ['a list for the file', [], false],
];

describe('topology files', () => {
  it.each(files)('%s: checker and schema agree (%j → %s)', (_what, data, ok) => {
    expect(accepts(data)).toBe(ok);
    expect(validate(data)).toBe(ok);
  });

  it('fills in the defaults and sorts, so that the same topology prints the same bytes', async () => {
    const a = checkTopology({ queues: [{ name: 'b' }, { name: 'a', arguments: { z: 1, a: 2 } }] }, 'f');
    expect(a.queues).toEqual([
      { name: 'a', type: 'classic', durable: true, autoDelete: false, arguments: { a: 2, z: 1 } },
      { name: 'b', type: 'classic', durable: true, autoDelete: false, arguments: {} },
    ]);
    const b = checkTopology({ queues: [{ name: 'a', arguments: { a: 2, z: 1 } }, { name: 'b' }] }, 'f');
    expect(await formatTopology(a, 'yaml')).toBe(await formatTopology(b, 'yaml'));
    expect(Object.keys(JSON.parse(await formatTopology(a, 'json')).queues[0].arguments)).toEqual(['a', 'z']);
  });

  it('names the place of the problem and exits 2', () => {
    expect(() => checkTopology({ queues: [{ name: 'q' }, { name: 'r', durable: 1 }] }, 'f.yaml')).toThrow(
      /^f\.yaml: queues\[1\]\.durable must be true or false$/,
    );
    expect(() => checkTopology({ x: 1 }, 'f')).toThrow(expect.objectContaining({ exitCode: 2, hint: 'The format is in schema/topology.schema.json' }));
  });
});
