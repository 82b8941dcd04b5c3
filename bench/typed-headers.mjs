#!/usr/bin/env node
// Micro-benchmark of the typed header hooks (src/core/wire/), without a broker: amqplib's own
// Connection#recvFrame and #sendMessage on an in-memory connection, plain and with
// enableTypedHeaders(). Plain connections are what `listen` (raw and pretty) and `send` (without
// --json) use; the hooks are installed per connection, so those stay as they were.
//
//   node bench/typed-headers.mjs [--messages 200000] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '15' }, case: { type: 'string' } },
});
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('amqplib')), 'lib');
const { Connection } = require(join(lib, 'connection.js'));

const out = mkdtempSync(join(os.tmpdir(), 'mqcli-bench-'));
await build({
  entryPoints: [join(root, 'src/core/wire/typed-headers.ts'), join(root, 'src/core/wire/table-codec.ts')],
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { enableTypedHeaders, publishHeaders, typedHeaders } = await import(pathToFileURL(join(out, 'typed-headers.js')));
const { encodeTable } = await import(pathToFileURL(join(out, 'table-codec.js')));
rmSync(out, { recursive: true, force: true });

// A header table like a dead-lettered message's: a few strings and numbers, and an x-death entry.
const TABLE = {
  'x-first-death-queue': { tag: 'S', value: Buffer.from('work') },
  'x-first-death-reason': { tag: 'S', value: Buffer.from('rejected') },
  'x-retry': { tag: 'b', value: 3 },
  'trace-id': { tag: 'S', value: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736') },
  price: { tag: 'd', value: 2 },
  'x-death': {
    tag: 'A',
    value: [
      { tag: 'F', value: { count: { tag: 'l', value: 1n }, queue: { tag: 'S', value: Buffer.from('work') }, time: { tag: 'T', value: 1_700_000_000n } } },
    ],
  },
};
const BODY = Buffer.alloc(100, 'x');

function deliveries(count) {
  const table = encodeTable(TABLE);
  const header = Buffer.alloc(7 + 14 + table.length + 1);
  header.writeUInt8(2, 0);
  header.writeUInt16BE(1, 1);
  header.writeUInt32BE(14 + table.length, 3);
  header.writeUInt16BE(60, 7);
  header.writeBigUInt64BE(BigInt(BODY.length), 11);
  header.writeUInt16BE(0x2000, 19);
  table.copy(header, 21);
  header.writeUInt8(0xce, header.length - 1);
  const body = Buffer.concat([Buffer.from([3, 0, 1, 0, 0, 0, BODY.length]), BODY, Buffer.from([0xce])]);
  return Buffer.concat(Array.from({ length: count }, () => [header, body]).flat());
}

function connection() {
  const written = [];
  const c = Object.assign(Object.create(Connection.prototype), {
    rest: Buffer.alloc(0),
    maxFrameSize: 0,
    frameMax: 131072,
    stream: { read: () => null },
    channels: [
      null,
      {
        buffer: {
          write: (chunk) => {
            written.push(chunk.length);
            if (written.length > 1000) written.length = 0;
            return true;
          },
        },
      },
    ],
    sentSinceLastCheck: false,
  });
  return { connection: c, channel: { connection: c } };
}

const input = deliveries(MESSAGES);
const receive = (typed, decode) => () => {
  const { connection: c, channel } = connection();
  if (typed) enableTypedHeaders(channel);
  c.rest = input;
  let headers = 0;
  for (let frame = c.recvFrame(); frame; frame = c.recvFrame()) {
    if (frame.size !== undefined && decode) headers += Object.keys(typedHeaders({ properties: frame.fields })).length;
  }
  return headers;
};
// The same table as amqplib takes it untyped (price 2 goes out as a byte).
const amqplibHeaders = {
  'x-first-death-queue': 'work',
  'x-first-death-reason': 'rejected',
  'x-retry': 3,
  'trace-id': '4bf92f3577b34da6a3ce929d0e0e4736',
  price: 2,
  'x-death': [{ count: 1, queue: 'work', time: { '!': 'timestamp', value: 1_700_000_000 } }],
};
const send = (typed, headers) => () => {
  const { connection: c, channel } = connection();
  if (typed) enableTypedHeaders(channel);
  for (let i = 0; i < MESSAGES; i++) {
    const fields = { exchange: '', routingKey: 'q', mandatory: true, immediate: false, ticket: 0, deliveryMode: 2, headers: Object.create(headers) };
    c.sendMessage(1, (60 << 16) | 40, fields, 60, fields, BODY);
  }
};

const otherHooked = (run) => () => {
  enableTypedHeaders(connection().channel);
  return run();
};
const CASES = [
  ['receive: plain amqplib connection (listen)', receive(false, false)],
  ['receive: plain, while another connection has typed headers', otherHooked(receive(false, false))],
  ['receive: typed headers enabled, raw tables kept', receive(true, false)],
  ['receive: typed headers enabled + typedHeaders() per message', receive(true, true)],
  ['send: plain amqplib connection (send)', send(false, amqplibHeaders)],
  ['send: plain, while another connection has typed headers', otherHooked(send(false, amqplibHeaders))],
  ['send: typed headers enabled, amqplib headers', send(true, amqplibHeaders)],
  ['send: typed headers enabled, publishHeaders(table)', send(true, publishHeaders(TABLE))],
  ['send: typed headers enabled, raw table (non-UTF-8 string)', send(true, publishHeaders({ ...TABLE, latin1: { tag: 'S', value: Buffer.from([0xe9]) } }))],
  // No headers: amqplib alone writes an empty table, the hook none (what `send` does without -H).
  ['send: plain, no headers', send(false, null)],
  ['send: typed headers enabled, no headers', send(true, null)],
];

// Each case runs in a process of its own (one warm-up run, then the rounds), so one case's JIT
// and garbage never weigh on another's.
if (values.case !== undefined) {
  const run = CASES[Number(values.case)][1];
  run();
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  console.log(Math.min(...times));
} else {
  console.log(
    `${MESSAGES.toLocaleString('en')} messages, best of ${ROUNDS} rounds after a warm-up (the machine is shared), one process per case; Node ${process.version}\n`,
  );
  CASES.forEach(([name], index) => {
    const best = Number(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', String(index), '--messages', String(MESSAGES), '--rounds', String(ROUNDS)], {
        encoding: 'utf8',
      }),
    );
    console.log(
      `${name.padEnd(62)} ${Math.round((MESSAGES / best) * 1000)
        .toLocaleString('en')
        .padStart(10)} msg/s`,
    );
  });
}
