import { describe, expect, it } from 'vitest';
import { drainQueue, fillQueue, queueState, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);
const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };
const PROPERTIES = {
  contentType: 'application/octet-stream',
  messageId: 'id-7',
  correlationId: 'c-1',
  priority: 3,
  timestamp: 1_700_000_000,
  headers: { n: 5, s: 'text', list: [1, 'two'], nested: { deep: true } },
};

describe('mqcli queue copy', () => {
  it.each([
    ['classic', {}],
    ['quorum', QUORUM],
  ])('copies a %s queue: the source keeps its count and order, the copies are exact', async (_type, declare) => {
    const [source, destination] = [uniqueName('src'), uniqueName('dst')];
    await fillQueue(source, numbered(200), PROPERTIES, declare);
    const result = await mqcli(['queue', 'copy', source, destination]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`copied 200 messages from queue '${source}' to queue '${destination}' .*; queue '${source}' keeps every message`));
    const copies = await drainQueue(destination);
    expect(copies.map((m) => m.content.toString())).toEqual(numbered(200));
    expect(copies[0]?.properties).toMatchObject(PROPERTIES);
    expect(copies[0]?.fields.redelivered).toBe(false);
    expect((await drainQueue(source)).map((m) => m.content.toString())).toEqual(numbered(200));
  });

  it('copies a binary body byte for byte, and --count and --where pick what is copied', async () => {
    const [source, destination] = [uniqueName('src'), uniqueName('dst')];
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x0a]);
    await fillQueue(source, [binary, ...numbered(9)]);
    const one = await mqcli(['queue', 'copy', source, destination, '--count', '1']);
    expect(one.code, one.stderr).toBe(0);
    const picked = await mqcli(['queue', 'copy', source, destination, '--where', "contains(['m6', 'm7', 'm8', 'm9'], bodyText)"]);
    expect(picked.code, picked.stderr).toBe(0);
    const copies = await drainQueue(destination);
    expect(copies[0]?.content).toEqual(binary);
    expect(copies.slice(1).map((m) => m.content.toString())).toEqual(['m6', 'm7', 'm8', 'm9']);
    expect((await queueState(source))?.messageCount).toBe(10);
  });

  it('needs a destination (exit 2), and a missing source is exit 1', async () => {
    const source = uniqueName('src');
    const usage = await mqcli(['queue', 'copy', source]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/queue copy needs a destination/);
    const missing = await mqcli(['queue', 'copy', source, uniqueName('dst')]);
    expect(missing.code).toBe(1);
    expect(await queueState(source)).toBeUndefined();
  });
});
