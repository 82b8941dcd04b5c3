// ManagementApi's writes (send) and health checks (check), against a local HTTP server standing in
// for the management plugin.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { ManagementApi, ManagementError } from '../../../../src/core/management/client.js';

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server answering with `status` and `body`, recording each request. */
async function serve(status: number, body: string): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = status;
      response.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const api = (apiUrl: string) => new ManagementApi({ apiUrl, user: 'bob', password: 'pw', timeout: 2000 });

describe('ManagementApi.send', () => {
  it('PUTs a JSON body with its content type, and takes an empty 201 or 204 as done', async () => {
    for (const status of [201, 204]) {
      const { url, seen } = await serve(status, '');
      await api(url).send('PUT', '/api/queues/%2F/q', { durable: true });
      expect(seen).toEqual([expect.objectContaining({ method: 'PUT', url: '/api/queues/%2F/q', body: '{"durable":true}' })]);
      expect(seen[0]?.headers['content-type']).toBe('application/json');
      expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('bob:pw').toString('base64')}`);
    }
  });

  it('DELETEs with no body and the extra headers given', async () => {
    const { url, seen } = await serve(204, '');
    await api(url).send('DELETE', '/api/connections/c', undefined, { 'x-reason': 'maintenance' });
    expect(seen[0]).toMatchObject({ method: 'DELETE', body: '' });
    expect(seen[0]?.headers['x-reason']).toBe('maintenance');
    expect(seen[0]?.headers['content-type']).toBeUndefined();
  });

  it('an answer outside 2xx is a ManagementError with the status and the reason', async () => {
    const { url } = await serve(400, '{"error":"bad_request","reason":"not empty"}');
    const error = await api(url)
      .send('DELETE', '/api/queues/%2F/q?if-empty=true')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagementError);
    expect(error).toMatchObject({ status: 400, message: 'the management API answered 400 to DELETE /api/queues/%2F/q?if-empty=true: not empty' });
  });
});

describe('ManagementApi.check', () => {
  it.each([
    [200, '{"status":"ok"}', true],
    [503, '{"status":"failed","alarms":[{"node":"n","resource":"memory"}]}', false],
  ])('%i is ok: %s', async (status, body, ok) => {
    const { url } = await serve(status, body);
    expect(await api(url).check('/api/health/checks/alarms')).toEqual({ ok, body: JSON.parse(body) });
  });

  it('any other status is an error', async () => {
    const { url } = await serve(404, '{"error":"Object Not Found"}');
    await expect(api(url).check('/api/health/checks/nope')).rejects.toMatchObject({ status: 404 });
  });
});
