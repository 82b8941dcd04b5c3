// `send -H key:=json` writes each header with the wire type its JSON names, checked with pika (a
// client that is not amqplib), reading the raw type tags (test/fixtures/pika-tables.py).
import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { deleteQueue, queueState, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';
import { hasPika, PYTHON, skipWithout } from '../helpers/needs.js';

const skip = skipWithout(hasPika, 'python3-pika', 'send-typed-headers.test.ts');

const pikaRead = (queue: string): [string, [string, unknown]][] => {
  const { port } = inject('broker');
  const out = execFileSync(PYTHON, ['test/fixtures/pika-tables.py', 'read', String(port), queue, '1'], { encoding: 'utf8', timeout: 30_000 });
  return (JSON.parse(out) as [string, [string, unknown]][][])[0] ?? [];
};
const hex = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding).toString('hex');
const double = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes.toString('hex');
};

describe('send -H key:=json', () => {
  it.skipIf(skip)('sends each header with the type its JSON names, as pika reads the wire', async () => {
    const queue = uniqueName('typed-h');
    const result = await mqcli([
      'send',
      queue,
      'body',
      '-H',
      's=5',
      '-H',
      'n:=5',
      '-H',
      'f:=1.5',
      '-H',
      'whole:=2.0',
      '-H',
      'ok:=true',
      '-H',
      'none:=null',
      '-H',
      'o:={"a":[1,"x"]}',
      '-H',
      'big:={"!":"int64","value":"9007199254740993"}',
      '-H',
      'u:={"!":"uint32","value":7}',
      '-H',
      'dbl:={"!":"double","value":2}',
      '-H',
      'latin:={"!":"longstr","value":"6XTp"}',
      '-H',
      'raw:={"!":"bytes","value":"/wA="}',
      '-H',
      'dec:={"!":"decimal","value":{"places":2,"digits":12345}}',
    ]);
    expect(result.stderr).toMatch(/sent 1 message/);
    expect(result.code).toBe(0);
    expect(Object.fromEntries(pikaRead(queue))).toEqual({
      s: ['S', hex('5')],
      n: ['b', 5],
      f: ['d', double(1.5)],
      // JSON has no 2.0 apart from 2: a whole number is an integer, as in the envelope
      whole: ['b', 2],
      ok: ['t', true],
      none: ['V', null],
      o: [
        'F',
        [
          [
            'a',
            [
              'A',
              [
                ['b', 1],
                ['S', hex('x')],
              ],
            ],
          ],
        ],
      ],
      big: ['l', '9007199254740993'],
      u: ['i', 7],
      dbl: ['d', double(2)],
      latin: ['S', 'e974e9'],
      raw: ['x', 'ff00'],
      dec: ['D', [2, 12_345]],
    });
    await deleteQueue(queue);
  });

  it.skipIf(skip)("with --json, typed -H headers join each envelope's own, key by key, and win", async () => {
    const queue = uniqueName('typed-h-json');
    const envelope = JSON.stringify({ body: 'x', properties: { headers: { a: 'kept', n: 'replaced' } } });
    const result = await mqcli(['send', queue, '--json', '-H', 'n:={"!":"uint16","value":7}'], { input: `${envelope}\n` });
    expect(result.code).toBe(0);
    expect(Object.fromEntries(pikaRead(queue))).toEqual({ a: ['S', hex('kept')], n: ['u', 7] });
    await deleteQueue(queue);
  });

  it.each([
    [['-H', 'n:=five'], /^error: --header n: 'five' is not JSON/],
    [['-H', 'ok=1', '-H', 'n:={"!":"int8","value":300}'], /^error: --header n: a "int8" value must be a whole number from -128 to 127/],
    [['-H', 'f:={"!":"double","value":"Infinity"}'], /^error: --header f: RabbitMQ closes the connection on a Infinity double/],
  ])('refuses %j with exit 2 before connecting: no queue is created', async (flags, message) => {
    const queue = uniqueName('typed-bad');
    const result = await mqcli(['send', queue, 'body', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(await queueState(queue)).toBeUndefined();
  });
});
