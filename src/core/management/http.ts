import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions } from 'node:tls';

/** An HTTP answer, its body read whole. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** The request took longer than its deadline (connecting, TLS and the whole body included). */
export class HttpTimeout extends Error {
  readonly code = 'TimeoutError';
}

/**
 * One GET over node:http or node:https. Node's fetch cannot take a CA, a client certificate or a
 * passphrase (it needs the undici package's Agent for that); node:https takes the very TLS
 * options the AMQP connection uses. No keep-alive agent: an idle socket must not hold the process.
 */
export function httpGet(url: URL, headers: Record<string, string>, timeoutMs: number, tls: ConnectionOptions): Promise<HttpAnswer> {
  return httpRequest(url, 'GET', headers, undefined, timeoutMs, tls);
}

/** One request with an optional JSON body (PUT, POST, DELETE), under the same deadline as a GET. */
export async function httpRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  tls: ConnectionOptions,
): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const { request } = secure ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new HttpTimeout(`no answer within ${timeoutMs} ms`);
      fail(error);
      req.destroy(error);
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const req = request(url, { method, headers, agent: false, ...(secure ? tls : {}) }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}
