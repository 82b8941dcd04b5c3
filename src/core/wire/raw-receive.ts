import { AmqplibInternalsError, BASIC_CLASS, FRAME_HEADER, frameAt, headerTableOffset, probeHeaderFrame } from './frames.js';
import { decodeTable, encodeTable } from './table-codec.js';

// amqplib decodes header tables before we see them and loses types; its decoder is bound inside
// its own modules. So, per connection, a wrapper of Connection#recvFrame keeps a copy of the raw
// header table of each content-header frame, under a symbol on the frame's `fields`, which
// amqplib hands out as message.properties. Relied on, and checked by selfTest() at install:
//   - recvFrame() takes the frame at the head of `this.rest` (a Buffer) and returns it decoded;
//   - a content-header frame comes back as { id: 60, fields }.

const RAW = Symbol('mqcli.rawHeaderTable');

export interface ReceivingConnection {
  rest: Buffer;
  recvFrame(): unknown;
}

type Frame = { id?: unknown; fields?: Record<PropertyKey, unknown> };

/** Installs the wrapper on `connection`, after checking it on a probe frame. */
export function installReceiveHook(connection: ReceivingConnection): void {
  if (typeof connection.recvFrame !== 'function' || !Buffer.isBuffer(connection.rest)) {
    throw new AmqplibInternalsError('the connection has no recvFrame() and `rest` buffer');
  }
  const wrapped = wrap(connection.recvFrame);
  selfTest(wrapped, connection.recvFrame);
  connection.recvFrame = wrapped;
}

/** The raw header table kept for a message (4-byte length first), null when it has none, undefined when not kept. */
export function rawHeaderTable(properties: object): Buffer | null | undefined {
  return (properties as { [RAW]?: Buffer | null })[RAW];
}

function wrap(recvFrame: () => unknown): (this: ReceivingConnection) => unknown {
  return function recvFrameKeepingHeaderTables(this: ReceivingConnection) {
    // When the frame is not all there, recvFrame reads more and calls this.recvFrame() again,
    // so the inner call sees it whole.
    const raw = peekHeaderTable(this.rest);
    const frame = recvFrame.call(this) as Frame | false;
    if (raw === undefined || frame === false) return frame;
    const isHeader = frame?.id === BASIC_CLASS && typeof frame.fields === 'object';
    if (isHeader !== (raw !== 'other')) throw new AmqplibInternalsError('recvFrame() returned another frame than the one at the head of its buffer');
    if (raw !== 'other') frame.fields![RAW] = raw;
    return frame;
  };
}

/**
 * The header table of the frame at the head of `rest`: a copy of its bytes (4-byte length first),
 * null for a header frame without one, 'other' for another frame, undefined if incomplete.
 */
export function peekHeaderTable(rest: Buffer): Buffer | null | 'other' | undefined {
  const frame = frameAt(rest);
  if (frame === undefined) return undefined;
  if (frame.type !== FRAME_HEADER) return 'other';
  const offset = headerTableOffset(rest, 0);
  if (offset === undefined) return null;
  return Buffer.from(rest.subarray(offset, offset + 4 + rest.readUInt32BE(offset)));
}

function selfTest(wrapped: (this: ReceivingConnection) => unknown, recvFrame: () => unknown): void {
  const frame = probeHeaderFrame(encodeTable({ probe: { tag: 'd', value: 2 } }));
  const fake = () => ({ rest: frame, maxFrameSize: 0, stream: { read: () => null }, recvFrame }) as unknown as ReceivingConnection;
  let plain: Frame;
  let ours: Frame;
  const connection = fake();
  try {
    plain = recvFrame.call(fake()) as Frame;
    ours = wrapped.call(connection) as Frame;
  } catch (error) {
    throw new AmqplibInternalsError(`recvFrame() failed on a probe header frame: ${(error as Error).message}`);
  }
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new AmqplibInternalsError(what);
  };
  check(
    plain?.id === BASIC_CLASS && (plain.fields?.headers as { probe?: unknown })?.probe === 2,
    'recvFrame() did not decode a probe header frame from `rest` as { id: 60, fields }',
  );
  check(connection.rest.length === 0, 'recvFrame() did not take the probe frame from `rest`');
  const raw = ours?.fields && rawHeaderTable(ours.fields);
  check(Buffer.isBuffer(raw) && decodeTable(raw.subarray(4)).probe?.tag === 'd', 'the raw header table did not reach the frame’s fields');
}
