import { AmqplibInternalsError, BASIC_CLASS, FRAME_HEADER, FRAME_METHOD, frameAt, HEADERS_FLAG, headerTableOffset } from './frames.js';
import { decodeTable, encodeTable } from './table-codec.js';

// amqplib's publish() cannot write three things other clients do: a long string that is not
// valid UTF-8 (it writes long strings only from JS strings), a message with no header table (it
// always writes one, empty if need be) and a cluster-id (it always leaves it out). So, per
// connection, a wrapper of Connection#sendMessage writes them: for a table we encoded ourselves it
// lets amqplib build the frames with an empty table in its place, then splices ours in; it leaves
// out a table with no keys, and adds a cluster id carried to it under a symbol. Relied on, and
// checked by selfTest() at install:
//   - sendMessage(channel, Method, fields, Properties, props, content) writes a method frame,
//     then a content-header frame, then body frames, to this.channels[channel].buffer;
//   - channel.publish() passes headers to it as an object whose prototype is ours, and
//     sendMessage() writes the clusterId and leaves out the headers when `props` say so.

const RAW = Symbol('mqcli.rawTable');
const CLUSTER_ID = Symbol('mqcli.clusterId');
const CLUSTER_ID_FLAG = 0x0004;
const BASIC_PUBLISH = (BASIC_CLASS << 16) | 40;

type Props = { headers?: Carrier | undefined; clusterId?: string | undefined };
type Carrier = { [RAW]?: Buffer; [CLUSTER_ID]?: string };
type SendMessage = (channel: number, method: number, fields: object, properties: number, props: Props, content: Buffer) => boolean;

export interface PublishingConnection {
  channels: ArrayLike<{ buffer: { write(chunk: Buffer): boolean } } | null>;
  sendMessage: SendMessage;
  sentSinceLastCheck: boolean;
}

/**
 * `headers` for amqplib's publish that stand for an encoded table (4-byte length first) byte for
 * byte. Only a connection with the publish hook can send them: amqplib alone throws on them
 * rather than send other headers.
 */
export function rawPublishHeaders(encoded: Buffer): object {
  const headers = {};
  Object.defineProperty(headers, RAW, { value: encoded });
  Object.defineProperty(headers, 'mqcli-raw-table', {
    enumerable: true,
    get() {
      throw new Error('these headers need enableTypedHeaders() on the channel that publishes them');
    },
  });
  return headers;
}

/** Whether `headers` came from rawPublishHeaders(), so that only a hooked connection can send them. */
export function isRawPublishHeaders(headers: unknown): boolean {
  return typeof headers === 'object' && headers !== null && RAW in headers;
}

/**
 * `options` with their clusterId carried inside `headers`, where a connection with the publish
 * hook finds it (amqplib's publish() drops the property). Unchanged without a cluster id.
 */
export function withClusterId<T extends { headers?: unknown; clusterId?: unknown }>(options: T): T {
  if (typeof options.clusterId !== 'string') return options;
  // Keys, and a raw table, are still found through the prototype, as amqplib finds them.
  const headers = Object.create((options.headers as object | undefined) ?? null) as Carrier;
  Object.defineProperty(headers, CLUSTER_ID, { value: options.clusterId });
  return { ...options, headers };
}

/** Installs the wrapper on `connection`, after checking it on probe messages. */
export function installPublishHook(connection: PublishingConnection): void {
  if (typeof connection.sendMessage !== 'function' || connection.channels === undefined) {
    throw new AmqplibInternalsError('the connection has no sendMessage() and `channels`');
  }
  const wrapped = wrap(connection.sendMessage);
  selfTest(wrapped, connection);
  connection.sendMessage = wrapped;
}

function hasKeys(headers: object): boolean {
  // As amqplib's encoder walks them: enumerable keys, own or inherited.
  for (const _key in headers) return true;
  return false;
}

function wrap(sendMessage: SendMessage): SendMessage {
  return function sendMessageWithWireProperties(this: PublishingConnection, channel, method, fields, properties, props, content) {
    const { headers } = props;
    const raw = headers?.[RAW];
    const clusterId = headers?.[CLUSTER_ID];
    const absent = raw === undefined && headers !== undefined && !hasKeys(headers);
    if (raw === undefined && clusterId === undefined && !absent) return sendMessage.call(this, channel, method, fields, properties, props, content);
    if (raw === undefined) {
      // `props` is the object channel.publish() made for this one message: changed, not copied
      // (a copy per message costs a third of the rate of a message without headers).
      if (absent) props.headers = undefined;
      if (clusterId !== undefined) props.clusterId = clusterId;
      return sendMessage.call(this, channel, method, fields, properties, props, content);
    }
    const own: Props = { ...props };
    if (clusterId !== undefined) own.clusterId = clusterId;
    // amqplib writes to a view of this connection whose channel buffer we read back.
    const chunks: Buffer[] = [];
    const sink = { buffer: { write: (chunk: Buffer) => chunks.push(chunk) > 0 } };
    const channels = Object.assign([], { [channel]: sink });
    const view = Object.create(this, { channels: { value: channels }, sentSinceLastCheck: { value: false, writable: true } }) as PublishingConnection;
    sendMessage.call(view, channel, method, fields, properties, { ...own, headers: {} }, content);
    const frames = splice(Buffer.concat(chunks), raw);
    this.sentSinceLastCheck = true;
    return this.channels[channel]!.buffer.write(frames);
  };
}

/** Puts `raw` where amqplib wrote an empty header table into the content-header frame. */
function splice(frames: Buffer, raw: Buffer): Buffer {
  const method = frameAt(frames);
  const header = method && frameAt(frames, method.end);
  if (method?.type !== FRAME_METHOD || header?.type !== FRAME_HEADER)
    throw new AmqplibInternalsError('sendMessage() did not write a method frame, then a header frame');
  const offset = headerTableOffset(frames, method.end);
  if (offset === undefined || frames.readUInt32BE(offset) !== 0)
    throw new AmqplibInternalsError('sendMessage() did not write an empty header table where expected');
  const out = Buffer.concat([frames.subarray(0, offset), raw, frames.subarray(offset + 4)]);
  out.writeUInt32BE(out.readUInt32BE(method.end + 3) + raw.length - 4, method.end + 3);
  return out;
}

function selfTest(wrapped: SendMessage, connection: PublishingConnection): void {
  const raw = probe(wrapped, connection, Object.create(rawPublishHeaders(encodeTable({ probe: { tag: 'S', value: Buffer.from([0xff]) } }))));
  const table = raw.header && headerTableOffset(raw.out, raw.method.end);
  const ok =
    table !== undefined &&
    (decodeTable(raw.out.subarray(table + 4, table + 4 + raw.out.readUInt32BE(table))).probe as { value?: Buffer } | undefined)?.value?.toString('hex') ===
      'ff';
  if (!ok) throw new AmqplibInternalsError('a probe message did not come out of sendMessage() with its raw header table');
  const bare = probe(wrapped, connection, Object.create(withClusterId<Props>({ clusterId: 'probe' }).headers as object));
  const flags = bare.out.readUInt16BE(bare.method.end + 7 + 12);
  if ((flags & HEADERS_FLAG) !== 0 || (flags & CLUSTER_ID_FLAG) === 0)
    throw new AmqplibInternalsError('a probe message without headers did not come out of sendMessage() without a header table and with its cluster id');
}

/** The frames the wrapped sendMessage() writes for a message published with `headers` (as channel.publish() passes them). */
function probe(wrapped: SendMessage, connection: PublishingConnection, headers: object) {
  const chunks: Buffer[] = [];
  const fake = Object.create(Object.getPrototypeOf(connection), {
    channels: { value: [null, { buffer: { write: (chunk: Buffer) => chunks.push(chunk) > 0 } }] },
    frameMax: { value: 4096 },
    sentSinceLastCheck: { value: false, writable: true },
  }) as PublishingConnection;
  const fields = { exchange: '', routingKey: 'q', mandatory: false, immediate: false, ticket: 0, contentType: 'a', headers, clusterId: undefined };
  try {
    wrapped.call(fake, 1, BASIC_PUBLISH, fields, BASIC_CLASS, fields, Buffer.from('body'));
  } catch (error) {
    throw new AmqplibInternalsError(`sendMessage() failed on a probe message: ${(error as Error).message}`);
  }
  const out = Buffer.concat(chunks);
  const method = frameAt(out);
  const header = method && frameAt(out, method.end);
  const body = header && frameAt(out, header.end);
  if (method === undefined || header?.type !== FRAME_HEADER || body?.type !== 3 || body.end !== out.length)
    throw new AmqplibInternalsError('sendMessage() did not write a method frame, a header frame and a body frame for a probe message');
  return { out, method, header };
}
