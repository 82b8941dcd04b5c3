// ManagementApi against a local HTTP server standing in for the management plugin.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { BrokerError } from '../../../../src/core/errors.js';
import { ManagementApi, ManagementError, segment } from '../../../../src/core/management/client.js';

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

/** A server answering every request with `answer`; resolves to its base URL. */
async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(answer);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const api = (apiUrl: string, timeout = 2000) => new ManagementApi({ apiUrl, user: 'bob', password: 'pw', timeout });

describe('ManagementApi', () => {
  it('GETs the path with basic auth and JSON asked for, and parses the answer', async () => {
    let seen: IncomingMessage | undefined;
    const url = await serve((request, response) => {
      seen = request;
      response.end('{"cluster_name":"rabbit@h"}');
    });
    expect(await api(url).get('/api/overview')).toEqual({ cluster_name: 'rabbit@h' });
    expect(seen?.url).toBe('/api/overview');
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from('bob:pw').toString('base64')}`);
    expect(seen?.headers.accept).toBe('application/json');
  });

  it.each([
    [401, '{"error":"not_authorised"}', BrokerError, "the management API refused user 'bob' (401)"],
    [404, '{"error":"Object Not Found","reason":"Not Found"}', ManagementError, 'the management API answered 404 for /api/x: Not Found'],
    [200, '<html>', BrokerError, 'did not answer like the RabbitMQ management API'],
  ])('an answer %i %s is a clear error', async (status, body, type, message) => {
    const url = await serve((_request, response) => {
      response.statusCode = status;
      response.end(body);
    });
    const getting = api(url).get('/api/x');
    await expect(getting).rejects.toBeInstanceOf(type);
    await expect(getting).rejects.toThrow(message);
  });

  it('keeps the status of an error answer', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 404;
      response.end('{}');
    });
    await expect(api(url).get('/api/queues/%2F/nope')).rejects.toMatchObject({ status: 404 });
  });

  it('says when nothing listens, or nothing answers in time', async () => {
    await expect(api('http://127.0.0.1:1').get('/api/overview')).rejects.toThrow(
      'the management API at http://127.0.0.1:1 is not reachable: connection refused',
    );
    const silent = await serve(() => {});
    await expect(api(silent, 200).get('/api/overview')).rejects.toThrow(`the management API at ${silent} is not reachable: no answer within 200 ms`);
  });

  it('encodes a vhost or a name as one path segment', () => {
    expect([segment('/'), segment('a b/c'), segment('plain')]).toEqual(['%2F', 'a%20b%2Fc', 'plain']);
  });
});
