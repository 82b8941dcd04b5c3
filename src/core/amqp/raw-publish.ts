import { AmqplibInternalsError, BASIC_CLASS, FRAME_HEADER, FRAME_METHOD, frameAt, headerTableOffset } from './frames.js';
import { decodeTable, encodeTable } from './table-codec.js';
import type { TypedTable } from './typed-value.js';

// amqplib writes a long string only from a JS string, so it cannot write one that is not valid
// UTF-8. For such tables we encode the table ourselves and, per connection, a wrapper of
// Connection#sendMessage lets amqplib build the frames with an empty table in its place, then
// splices ours in. Relied on, and checked by selfTest() at install:
//   - sendMessage(channel, Method, fields, Properties, props, content) writes a method frame,
//     then a content-header frame, then body frames, to this.channels[channel].buffer;
//   - channel.publish() passes headers to it as an object whose prototype is ours.

const RAW = Symbol('mqcli.rawTable');
const BASIC_PUBLISH = (BASIC_CLASS << 16) | 40;

type SendMessage = (channel: number, method: number, fields: object, properties: number, props: { headers?: object }, content: Buffer) => boolean;

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

/** Installs the wrapper on `connection`, after checking it on a probe message. */
export function installPublishHook(connection: PublishingConnection): void {
  if (typeof connection.sendMessage !== 'function' || connection.channels === undefined) {
    throw new AmqplibInternalsError('the connection has no sendMessage() and `channels`');
  }
  const wrapped = wrap(connection.sendMessage);
  selfTest(wrapped, connection);
  connection.sendMessage = wrapped;
}

function wrap(sendMessage: SendMessage): SendMessage {
  return function sendMessageWithRawTable(this: PublishingConnection, channel, method, fields, properties, props, content) {
    const raw = (props.headers as { [RAW]?: Buffer } | undefined)?.[RAW];
    if (raw === undefined) return sendMessage.call(this, channel, method, fields, properties, props, content);
    // amqplib writes to a view of this connection whose channel buffer we read back.
    const chunks: Buffer[] = [];
    const sink = { buffer: { write: (chunk: Buffer) => chunks.push(chunk) > 0 } };
    const channels = Object.assign([], { [channel]: sink });
    const view = Object.create(this, { channels: { value: channels }, sentSinceLastCheck: { value: false, writable: true } }) as PublishingConnection;
    sendMessage.call(view, channel, method, fields, properties, { ...props, headers: {} }, content);
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
  const probe: TypedTable = { probe: { tag: 'S', value: Buffer.from([0xff]) } };
  const chunks: Buffer[] = [];
  const fake = Object.create(Object.getPrototypeOf(connection), {
    channels: { value: [null, { buffer: { write: (chunk: Buffer) => chunks.push(chunk) > 0 } }] },
    frameMax: { value: 4096 },
    sentSinceLastCheck: { value: false, writable: true },
  }) as PublishingConnection;
  const fields = {
    exchange: '',
    routingKey: 'q',
    mandatory: false,
    immediate: false,
    ticket: 0,
    contentType: 'a',
    headers: Object.create(rawPublishHeaders(encodeTable(probe))),
  };
  try {
    wrapped.call(fake, 1, BASIC_PUBLISH, fields, BASIC_CLASS, fields, Buffer.from('body'));
  } catch (error) {
    throw new AmqplibInternalsError(`sendMessage() failed on a probe message: ${(error as Error).message}`);
  }
  const out = Buffer.concat(chunks);
  const method = frameAt(out);
  const header = method && frameAt(out, method.end);
  const body = header && frameAt(out, header.end);
  const offset = header && headerTableOffset(out, method.end);
  const ok =
    body?.type === 3 &&
    body.end === out.length &&
    offset !== undefined &&
    (decodeTable(out.subarray(offset + 4, offset + 4 + out.readUInt32BE(offset))).probe as { value?: Buffer } | undefined)?.value?.toString('hex') === 'ff';
  if (!ok) throw new AmqplibInternalsError('a probe message did not come out of sendMessage() with its raw header table');
}
