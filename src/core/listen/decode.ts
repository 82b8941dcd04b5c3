import type { Message } from 'amqplib';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const DECODERS: Record<string, (body: Buffer) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  // HTTP's "deflate" is zlib-wrapped, but raw deflate is common in the wild.
  deflate: (body) => {
    try {
      return inflateSync(body);
    } catch {
      return inflateRawSync(body);
    }
  },
  br: brotliDecompressSync,
};

/** A message whose body was decoded, or why it was not (then it is as it came). */
export interface Decoded {
  message: Message;
  problem?: string | undefined;
}

/** --decode: the body by its content-encoding (gzip, deflate, br); identity and none are as they are. */
export function decodeBody(message: Message): Decoded {
  const encoding = String(message.properties.contentEncoding ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return { message };
  const decode = DECODERS[encoding];
  if (decode === undefined) return { message, problem: `content-encoding '${encoding}' is not one --decode knows (gzip, deflate, br): shown as it came` };
  try {
    return { message: { ...message, content: decode(message.content) } };
  } catch (error) {
    return { message, problem: `a body marked content-encoding ${encoding} could not be decoded (${(error as Error).message}): shown as it came` };
  }
}

/** Wraps a step that reads messages so that it reads them decoded; each kind of problem is told once. */
export function decoding<T>(step: (message: Message) => T, tell: (problem: string) => void): (message: Message) => T {
  const told = new Set<string>();
  return (message) => {
    const { message: decoded, problem } = decodeBody(message);
    if (problem !== undefined) {
      const kind = problem.slice(0, problem.indexOf('(') > 0 ? problem.indexOf('(') : problem.length);
      if (!told.has(kind)) tell(problem);
      told.add(kind);
    }
    return step(decoded);
  };
}
