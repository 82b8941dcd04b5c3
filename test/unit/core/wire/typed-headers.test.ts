import { describe, expect, it } from 'vitest';
import { encodeTable, decodeTable } from '../../../../src/core/wire/table-codec.js';
import { probeHeaderFrame, frameAt, headerTableOffset } from '../../../../src/core/wire/frames.js';
import {
  AmqplibInternalsError,
  enableTypedHeaders,
  publishHeaders,
  republishHeaders,
  typedHeaders,
  withClusterId,
} from '../../../../src/core/wire/typed-headers.js';
import { tableOf, type TypedTable } from '../../../../src/core/wire/typed-value.js';
import { decodeProperties, fakeConnection } from '../../../helpers/amqplib-lib.js';

const TABLE: TypedTable = {
  double: { tag: 'd', value: 2 },
  big: { tag: 'l', value: 2n ** 60n + 1n },
  latin1: { tag: 'S', value: Buffer.from([0xe9, 0x74, 0xe9]) },
};

describe('enableTypedHeaders on an amqplib connection', () => {
  it('keeps the raw table of a header frame, even when it arrives in pieces', () => {
    const frame = probeHeaderFrame(encodeTable(TABLE));
    const { connection, channel } = fakeConnection([frame.subarray(0, 10), frame.subarray(10)]);
    enableTypedHeaders(channel);
    enableTypedHeaders(channel); // idempotent
    const decoded = connection.recvFrame();
    expect(decoded).not.toBe(false);
    const properties = (decoded as { fields: object }).fields;
    expect(typedHeaders({ properties })).toEqual(TABLE);
    // amqplib's own reading is left as it was, for everything else that uses it
    expect((properties as { headers: Record<string, unknown> }).headers.double).toBe(2);
  });

  it('a header frame without headers has none', () => {
    const frame = probeHeaderFrame(encodeTable({}));
    frame.writeUInt16BE(0, 19); // no property flags; the empty table's bytes stay as padding
    frame.writeUInt32BE(14, 3);
    const { connection, channel } = fakeConnection([Buffer.concat([frame.subarray(0, 21), Buffer.of(0xce)])]);
    enableTypedHeaders(channel);
    expect(typedHeaders({ properties: (connection.recvFrame() as { fields: object }).fields })).toBeUndefined();
  });

  it('a message from a connection without it is an error, not an empty table', () => {
    expect(() => typedHeaders({ properties: {} })).toThrow('typedHeaders(): this message came on a connection without enableTypedHeaders()');
  });

  it('publishes a long string that is not UTF-8 byte for byte, through amqplib’s own framing', () => {
    const { connection, channel, written } = fakeConnection();
    enableTypedHeaders(channel);
    const fields = {
      exchange: 'x',
      routingKey: 'k',
      mandatory: true,
      immediate: false,
      ticket: 0,
      contentType: 'text/plain',
      headers: Object.create(publishHeaders(TABLE)),
    };
    connection.sendMessage(1, (60 << 16) | 40, fields, 60, fields, Buffer.from('hello'));
    const out = Buffer.concat(written);
    const method = frameAt(out)!;
    const header = frameAt(out, method.end)!;
    const offset = headerTableOffset(out, method.end)!;
    expect(decodeTable(out.subarray(offset + 4, offset + 4 + out.readUInt32BE(offset)))).toEqual(TABLE);
    expect(out.subarray(frameAt(out, header.end)!.end - 6, -1).toString()).toBe('hello');
    expect(out.subarray(method.end + 21, method.end + 22 + 10).toString('latin1')).toBe('\x0atext/plain');
  });

  it('republishes a delivered table byte for byte, without decoding it', () => {
    const table = encodeTable(TABLE);
    const { connection, channel, written } = fakeConnection([probeHeaderFrame(table)]);
    enableTypedHeaders(channel);
    const message = { properties: (connection.recvFrame() as { fields: object }).fields };
    const fields = { exchange: '', routingKey: 'k', headers: Object.create(republishHeaders(message)!) };
    connection.sendMessage(1, (60 << 16) | 40, fields, 60, fields, Buffer.alloc(0));
    const out = Buffer.concat(written);
    const offset = headerTableOffset(out, frameAt(out)!.end)!;
    expect(out.subarray(offset, offset + table.length)).toEqual(table);
  });

  it('amqplib alone refuses those headers rather than send others', () => {
    const { connection } = fakeConnection();
    const fields = { exchange: '', routingKey: 'k', headers: Object.create(publishHeaders(TABLE)) };
    expect(() => connection.sendMessage(1, (60 << 16) | 40, fields, 60, fields, Buffer.alloc(0))).toThrow(
      'these headers need enableTypedHeaders() on the channel that publishes them',
    );
  });

  it('a NaN header is refused before anything is sent: RabbitMQ would close the connection', () => {
    expect(() => publishHeaders({ ...TABLE, nan: { tag: 'd', value: Number.NaN } })).toThrow('headers.nan: RabbitMQ closes the connection on a NaN double');
  });

  it('plain amqplib headers when amqplib can write the table', () => {
    expect(publishHeaders({ a: { tag: 'd', value: 2 } })).toEqual({ a: { '!': 'double', value: 2 } });
  });

  /** What a hooked connection writes for `options` given to channel.publish(), which wraps their headers as amqplib's Args.publish does. */
  const published = (options: { headers?: object; clusterId?: unknown }) => {
    const { connection, channel, written } = fakeConnection();
    enableTypedHeaders(channel);
    const { headers } = withClusterId(options);
    const fields = { exchange: '', routingKey: 'k', headers: Object.create(headers ?? null), clusterId: undefined };
    connection.sendMessage(1, (60 << 16) | 40, fields, 60, fields, Buffer.from('b'));
    const out = Buffer.concat(written);
    const method = frameAt(out)!;
    const properties = decodeProperties(out.subarray(method.end + 7, frameAt(out, method.end)!.end - 1));
    return { flags: out.readUInt16BE(method.end + 7 + 12), properties };
  };

  it('a message with no header table goes out with none, where amqplib alone writes an empty one', () => {
    expect(published({}).flags & 0x2000).toBe(0);
    expect(published({ headers: {} }).flags & 0x2000).toBe(0);
    // An empty table given as one (a received message had it) stays one.
    const empty = published({ headers: publishHeaders({}) });
    expect(empty.flags & 0x2000).toBe(0x2000);
    expect(empty.properties.headers).toEqual({});
  });

  it('a cluster id goes out, which amqplib alone always leaves out', () => {
    expect(published({ clusterId: 'c-1' }).properties).toMatchObject({ clusterId: 'c-1' });
    expect(published({ clusterId: 'c-1' }).flags & 0x2000).toBe(0);
    const typed = published({ clusterId: 'c-2', headers: publishHeaders(TABLE) });
    expect(typed.properties).toMatchObject({ clusterId: 'c-2' });
    expect(Object.keys(typed.properties.headers as object)).toEqual(Object.keys(TABLE));
    expect(published({ clusterId: 'c-3', headers: publishHeaders({ a: { tag: 'b', value: 1 } }) }).properties).toMatchObject({
      clusterId: 'c-3',
      headers: { a: 1 },
    });
  });

  it('a header named __proto__ goes out as a key, through amqplib’s encoder', () => {
    const table = tableOf([['__proto__', { tag: 'S', value: Buffer.from('kept') }]]);
    const { connection, channel, written } = fakeConnection();
    enableTypedHeaders(channel);
    const fields = { exchange: '', routingKey: 'k', headers: Object.create(publishHeaders(table)) };
    connection.sendMessage(1, (60 << 16) | 40, fields, 60, fields, Buffer.alloc(0));
    const out = Buffer.concat(written);
    const offset = headerTableOffset(out, frameAt(out)!.end)!;
    const read = decodeTable(out.subarray(offset + 4, offset + 4 + out.readUInt32BE(offset)));
    expect(Object.getPrototypeOf(read)).toBeNull();
    expect(Object.entries(read)).toEqual([['__proto__', { tag: 'S', value: Buffer.from('kept') }]]);
  });

  it.each([
    ['no connection', {}],
    ['a connection unlike amqplib 2.x', { connection: { recvFrame: () => false, rest: Buffer.alloc(0) } }],
    [
      'a recvFrame that does not read `rest`',
      { connection: Object.assign(Object.create({ recvFrame: () => ({ id: 60, fields: { headers: { probe: 2 } } }) }), { rest: Buffer.alloc(0) }) },
    ],
  ])('fails at once on %s', (_, channel) => {
    expect(() => enableTypedHeaders(channel)).toThrow(AmqplibInternalsError);
  });
});
