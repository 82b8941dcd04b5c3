import type { Message } from 'amqplib';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody, decoding } from '../../../../src/core/listen/decode.js';

const TEXT = Buffer.from('{"hello": "world"}');
const message = (content: Buffer, contentEncoding?: string): Message =>
  ({ content, fields: { routingKey: 'k' }, properties: contentEncoding === undefined ? {} : { contentEncoding } }) as unknown as Message;

describe('--decode', () => {
  it.each([
    ['gzip', gzipSync(TEXT)],
    ['x-gzip', gzipSync(TEXT)],
    ['GZIP', gzipSync(TEXT)],
    ['deflate', deflateSync(TEXT)],
    ['deflate', deflateRawSync(TEXT)],
    ['br', brotliCompressSync(TEXT)],
    ['identity', TEXT],
  ])('%s: the body decoded', (encoding, body) => {
    const { message: decoded, problem } = decodeBody(message(body, encoding));
    expect(problem).toBeUndefined();
    expect(decoded.content).toEqual(TEXT);
  });

  it('a body without content-encoding is as it came', () => {
    expect(decodeBody(message(TEXT)).message.content).toBe(TEXT);
  });

  it.each([
    ['zstd', TEXT, /'zstd' is not one --decode knows/],
    ['gzip', TEXT, /marked content-encoding gzip could not be decoded/],
    ['br', Buffer.from([0xff, 0xff, 0xff]), /marked content-encoding br could not be decoded/],
  ])('%s that cannot be decoded is shown as it came, and says why', (encoding, body, why) => {
    const { message: decoded, problem } = decodeBody(message(body, encoding));
    expect(decoded.content).toBe(body);
    expect(problem).toMatch(why);
  });

  it('tells each kind of problem once', () => {
    const told: string[] = [];
    const step = decoding(
      (m) => m.content.length,
      (problem) => told.push(problem),
    );
    for (let i = 0; i < 3; i++) step(message(TEXT, 'gzip'));
    step(message(TEXT, 'zstd'));
    expect(step(message(gzipSync(TEXT), 'gzip'))).toBe(TEXT.length);
    expect(told).toHaveLength(2);
  });
});
