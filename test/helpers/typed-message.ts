import { BASIC_CLASS, FRAME_END, FRAME_HEADER, probeHeaderFrame } from '../../src/core/wire/frames.js';
import { enableTypedHeaders } from '../../src/core/wire/typed-headers.js';
import { amqplibEncode, fakeConnection } from './amqplib-lib.js';

/** A content-header frame on channel 1 with no property at all, no header table either. */
function bareHeaderFrame(): Buffer {
  const frame = Buffer.alloc(7 + 14 + 1);
  frame.writeUInt8(FRAME_HEADER, 0);
  frame.writeUInt16BE(1, 1);
  frame.writeUInt32BE(14, 3);
  frame.writeUInt16BE(BASIC_CLASS, 7);
  frame.writeUInt8(FRAME_END, frame.length - 1);
  return frame;
}

/**
 * `message` as a channel with enableTypedHeaders() delivers it: its `properties.headers` (values
 * as amqplib's encoder takes them; undefined for none) written by amqplib's encoder, read back by
 * amqplib with the typed hook, which keeps the table's bytes for typedHeaders().
 */
export function typedDelivery<M extends { properties: object }>(message: M): M {
  const headers = (message.properties as { headers?: unknown }).headers;
  const { connection, channel } = fakeConnection([headers === undefined ? bareHeaderFrame() : probeHeaderFrame(amqplibEncode(headers))]);
  enableTypedHeaders(channel);
  const frame = connection.recvFrame();
  if (frame === false) throw new Error('typedDelivery(): the header frame did not parse');
  const fields = frame.fields as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(fields)) (message.properties as Record<symbol, unknown>)[key] = fields[key];
  return message;
}
