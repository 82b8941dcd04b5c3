// Topology as code on the shared broker, in vhosts of this file's own: export, plan, apply.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ctl, uniqueName } from '../helpers/amqp.js';
import { mqcli, tempDir } from '../helpers/cli.js';

const [source, target] = [uniqueName('topo'), uniqueName('topo')];
const dir = tempDir();
const env = (vhost: string) => ({ MQ_API_URL: `http://127.0.0.1:${inject('broker').mgmtPort}`, MQ_VHOST: vhost });
const run = (vhost: string, ...args: string[]) => mqcli(args, { env: env(vhost), cwd: dir });
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

const TOPOLOGY = `
queues:
  - name: jobs
    arguments: { x-max-length: 100 }
  - name: votes
    type: quorum
exchanges:
  - { name: orders, type: topic }
  - { name: audit, type: fanout }
bindings:
  - { source: orders, destination: jobs, routingKey: "orders.*", arguments: { x-note: one } }
  - { source: orders, destination: audit, destinationType: exchange, routingKey: "#" }
policies:
  - { name: ttl, pattern: "^jobs$", applyTo: queues, definition: { message-ttl: 60000 } }
`;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  for (const vhost of [source, target]) {
    ctl('add_vhost', vhost);
    ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  }
});
afterAll(() => {
  for (const vhost of [source, target]) ctl('delete_vhost', vhost);
});

describe('plan and apply', () => {
  it('plans the creation (exit 1: drift), applies it, and a second apply changes nothing (exit 0)', async () => {
    const topo = file('topo.yaml', TOPOLOGY);
    const planned = await run(source, 'plan', topo);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toBe(
      [
        "+ exchange 'audit'",
        "+ exchange 'orders'",
        "+ queue 'jobs'",
        "+ queue 'votes'",
        "+ binding 'orders' -> exchange 'audit' (routing key '#')",
        "+ binding 'orders' -> queue 'jobs' (routing key 'orders.*')",
        "+ policy 'ttl'",
        '',
      ].join('\n'),
    );
    expect(planned.stderr).toBe('plan: 7 to create, 0 to change, 0 to delete\n');
    const applied = await run(source, 'apply', topo);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toBe('applied: 7 created, 0 changed, 0 deleted\n');
    const again = await run(source, 'apply', topo, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ changes: [], create: 0, change: 0, delete: 0 });
    const clean = await run(source, 'plan', topo);
    expect([clean.code, clean.stdout, clean.stderr]).toEqual([0, '', 'no changes: the broker matches topo.yaml\n']);
  });

  it('export, apply to an empty vhost, export again: the same bytes, in YAML and in JSON', async () => {
    // --vhost (a global option) picks the vhost, here over MQ_VHOST: the target is empty still.
    const empty = await run(source, 'definitions', 'export', '--vhost', target, '--format', 'json');
    expect(empty.stdout).toBe('{\n  "queues": [],\n  "exchanges": [],\n  "bindings": [],\n  "policies": [],\n  "parameters": []\n}\n');
    for (const format of ['yaml', 'json']) {
      const first = await run(source, 'definitions', 'export', '--format', format);
      expect(first.code).toBe(0);
      expect(first.stderr).toBe('');
      const name = file(`export.${format}`, first.stdout);
      expect((await run(target, 'apply', name)).code).toBe(0);
      const second = await run(target, 'definitions', 'export', '--format', format);
      expect(second.stdout).toBe(first.stdout);
      expect((await run(source, 'definitions', 'export', '--vhost', target, '--format', format)).stdout).toBe(first.stdout);
    }
    const json = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8'));
    expect(json.queues.map((q: { name: string; type: string }) => [q.name, q.type])).toEqual([
      ['jobs', 'classic'],
      ['votes', 'quorum'],
    ]);
    expect(json).not.toHaveProperty('users');
  });

  it('shows a changed argument, a new binding and (with --prune) a removed policy; apply makes them', async () => {
    const changed = file(
      'changed.yaml',
      TOPOLOGY.replace('x-max-length: 100', 'x-max-length: 200')
        .replace('policies:', '  - { source: audit, destination: votes }\npolicies:')
        .split('policies:')[0] as string,
    );
    const planned = await run(source, 'plan', changed, '--prune');
    expect(planned.code).toBe(1);
    expect(planned.stdout).toBe(
      [
        "~ queue 'jobs': arguments.x-max-length 100 -> 200 (replaced: RabbitMQ cannot change it in place)",
        "+ binding 'audit' -> queue 'votes' (routing key '')",
        "- policy 'ttl'",
        '',
      ].join('\n'),
    );
    const plain = await run(source, 'plan', changed, '--json');
    expect(JSON.parse(plain.stdout)).toMatchObject({ create: 1, change: 1, delete: 0 });
    const applied = await run(source, 'apply', changed, '--prune');
    // The queue goes through a temporary queue to change its arguments (ops-migrate.test.ts moves messages so).
    expect(applied.stderr).toContain("moved 0 messages back into queue 'jobs' (classic)\n");
    expect(applied.stderr).toMatch(/\napplied: 1 created, 1 changed, 1 deleted\n$/);
    expect((await run(source, 'plan', changed, '--prune')).code).toBe(0);
    const policies = JSON.parse((await run(source, 'policy', 'list', '--json')).stdout);
    expect(policies).toEqual([]);
    const bindings = JSON.parse((await run(source, 'binding', 'list', '--destination', 'jobs', '--json')).stdout);
    expect(bindings.map((b: { source: string }) => b.source)).toEqual(['', 'orders']);
  });

  it('updates a binding in place when only its arguments change', async () => {
    const changed = file('args.yaml', TOPOLOGY.replace('x-note: one', 'x-note: two').split('policies:')[0] as string);
    const planned = await run(source, 'plan', changed);
    expect(planned.stdout).toContain(`~ binding 'orders' -> queue 'jobs' (routing key 'orders.*'): arguments.x-note "one" -> "two"\n`);
    expect((await run(source, 'apply', changed)).code).toBe(0);
    const bindings = JSON.parse((await run(source, 'binding', 'list', '--source', 'orders', '--destination', 'jobs', '--json')).stdout);
    expect(bindings).toEqual([{ source: 'orders', destination: 'jobs', destinationType: 'queue', routingKey: 'orders.*', arguments: { 'x-note': 'two' } }]);
  });

  it('replaces an exchange whose type changed, bindings put back, and refuses a queue that would become a stream, changing nothing', async () => {
    const [x, q, other] = [uniqueName('rx'), uniqueName('rq'), uniqueName('rq')];
    const text = (type: string, queueType: string) =>
      `queues:\n  - { name: ${q}, type: ${queueType} }\n  - { name: ${other} }\nexchanges:\n  - { name: ${x}, type: ${type} }\nbindings:\n  - { source: ${x}, destination: ${q}, routingKey: k }\n`;
    expect((await run(source, 'apply', file('rx1.yaml', text('direct', 'classic')))).code).toBe(0);
    // A binding the file does not name is put back too.
    const extra = await fetch(`http://127.0.0.1:${inject('broker').mgmtPort}/api/bindings/${source}/e/${x}/q/${other}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: 'extra' }),
    });
    expect(extra.status).toBe(201);
    const changed = await run(source, 'apply', file('rx2.yaml', text('topic', 'classic')));
    expect(changed.stdout).toBe(`~ exchange '${x}': type "direct" -> "topic" (replaced: RabbitMQ cannot change it in place)\n`);
    const bindings = JSON.parse((await run(source, 'binding', 'list', '--source', x, '--json')).stdout);
    expect(bindings.map((b: { destination: string; routingKey: string }) => `${b.destination} ${b.routingKey}`).sort()).toEqual(
      [`${other} extra`, `${q} k`].sort(),
    );
    const stream = await run(source, 'apply', file('rx3.yaml', text('fanout', 'stream')));
    expect(stream.code).toBe(1);
    expect(stream.stderr).toMatch(
      new RegExp(`^error: queue '${q}' would have to change between a stream and a queue, which apply does not migrate: nothing was changed\n`),
    );
    expect(JSON.parse((await run(source, 'definitions', 'export', '--format', 'json')).stdout).exchanges).toContainEqual(
      expect.objectContaining({ name: x, type: 'topic' }),
    );
  });

  it('--prune refuses to delete a queue holding messages, changing nothing, and deletes it with --force', async () => {
    ctl('eval', `rabbit_basic:publish(rabbit_misc:r(<<"${target}">>, exchange, <<"">>), <<"jobs">>, [], <<"kept">>).`);
    const empty = file('empty.yaml', 'queues: []\nexchanges: []\nbindings: []\npolicies: []\n');
    const refused = await run(target, 'apply', empty, '--prune');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^error: --prune would delete 'jobs', which hold messages: nothing was changed\n/);
    expect((await run(target, 'plan', empty, '--prune')).stdout.split('\n').filter(Boolean)).toHaveLength(7);
    const forced = await run(target, 'apply', empty, '--prune', '--force');
    expect(forced.code).toBe(0);
    expect((await run(target, 'definitions', 'export', '--format', 'json')).stdout).toBe(
      '{\n  "queues": [],\n  "exchanges": [],\n  "bindings": [],\n  "policies": [],\n  "parameters": []\n}\n',
    );
  });

  it('a bad file is exit 2 with the place in it, before any connection', async () => {
    const cases: [string, RegExp][] = [
      ['queues: [{ name: a, durable: maybe }]', /queues\[0\]\.durable must be true or false/],
      ['queue: []', /'queue' is not a section/],
      ['queues: [{ name: a, arguments: { x-queue-type: quorum } }]', /must not hold x-queue-type/],
      ['exchanges: [{ name: amq.direct }]', /is built in/],
      ['queues: [{ name: a }, { name: a }]', /names 'a' twice/],
      ['queues: [ { name: a', /is not YAML or JSON/],
    ];
    for (const [text, message] of cases) {
      const result = await mqcli(['plan', file('bad.yaml', text)], { cwd: dir, env: { MQ_PORT: '1' } });
      expect(result.code, text).toBe(2);
      expect(result.stderr, text).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect((await mqcli(['apply', 'missing.yaml'], { cwd: dir })).stderr).toMatch(/cannot read topology file missing\.yaml: no such file/);
  });
});

describe('users and permissions in a file', () => {
  it('apply creates the user (no password) with its tags and permissions, and changes tags in place', async () => {
    const user = uniqueName('topo-u');
    const withUser = (tags: string) =>
      file(
        `${user}-${tags}.yaml`,
        `users:\n  - { name: ${user}, tags: [${tags}] }\npermissions:\n  - { user: ${user}, configure: "", write: "^q-", read: ".*" }\n`,
      );
    try {
      const first = withUser('monitoring');
      const planned = await run(target, 'plan', first);
      expect(planned.stdout).toBe(`+ user '${user}'\n+ permission '${user}'\n`);
      expect((await run(target, 'apply', first)).code).toBe(0);
      expect((await run(target, 'plan', first)).code).toBe(0);
      const second = withUser('management');
      expect((await run(target, 'plan', second)).stdout).toBe(`~ user '${user}': tags ["monitoring"] -> ["management"]\n`);
      expect((await run(target, 'apply', second)).code).toBe(0);
      const data = JSON.parse((await run(target, 'definitions', 'export', '--with-users', '--format', 'json')).stdout);
      expect(data.users).toContainEqual({ name: user, tags: ['management'] });
      expect(data.permissions).toContainEqual({ user, configure: '', write: '^q-', read: '.*' });
    } finally {
      ctl('delete_user', user);
    }
  });
});

describe('definitions export --with-users', () => {
  it('adds users and permissions, and password hashes only with --with-password-hashes', async () => {
    const plain = await run(source, 'definitions', 'export', '--with-users', '--format', 'json');
    const data = JSON.parse(plain.stdout);
    expect(data.users).toContainEqual({ name: 'guest', tags: ['administrator'] });
    expect(data.permissions).toEqual([{ user: 'guest', configure: '.*', write: '.*', read: '.*' }]);
    expect(plain.stdout).not.toMatch(/hash/i);
    expect((await run(source, 'definitions', 'export', '--format', 'json')).stdout).not.toMatch(/guest/);
    const hashed = JSON.parse((await run(source, 'definitions', 'export', '--with-users', '--with-password-hashes', '--format', 'json')).stdout);
    expect(hashed.users.find((u: { name: string }) => u.name === 'guest')).toMatchObject({
      passwordHash: expect.stringMatching(/.{20}/),
      hashingAlgorithm: 'rabbit_password_hashing_sha256',
    });
    expect((await run(source, 'definitions', 'export', '--with-password-hashes')).code).toBe(2);
  });
});
