// The connection errors as users read them on stderr, pinned in __snapshots__/: no broker needed,
// only servers on loopback that refuse, stay silent, close at once or speak HTTP. A changed
// wording fails here until `npx vitest run --project cli -u` updates the snapshot.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

/** A loopback server that treats each connection with `greet`; resolves to its port. */
async function server(greet: (socket: Socket) => void): Promise<number> {
  const made = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    greet(socket);
  });
  servers.push(made);
  await new Promise<void>((resolve) => made.listen(0, '127.0.0.1', resolve));
  return (made.address() as { port: number }).port;
}

/** stderr with the varying port replaced, so the snapshot holds on any machine. */
const stderrOf = async (args: string[], port?: number) => {
  const result = await runMain(args, port === undefined ? {} : { env: { MQ_PORT: String(port) } });
  return { code: result.code, stderr: port === undefined ? result.stderr : result.stderr.replaceAll(`:${port}`, ':<port>') };
};

describe('connection errors, as printed', () => {
  it.each(['ping', 'send q hello', 'listen q', 'queue declare q'])('refused: mqcli %s', async (line) => {
    expect(await stderrOf(line.split(' '))).toMatchSnapshot();
  });

  it('a host that does not resolve', async () => {
    expect(await stderrOf(['ping', '--host', 'nonexistent.invalid'])).toMatchSnapshot();
  });

  it('a server that never answers, within --timeout', async () => {
    const port = await server(() => {});
    expect(await stderrOf(['ping', '--timeout', '300'], port)).toMatchSnapshot();
  });

  it('a server that closes the connection at once', async () => {
    const port = await server((socket) => socket.destroy());
    expect(await stderrOf(['ping'], port)).toMatchSnapshot();
  });

  it('an HTTP server on the AMQP port', async () => {
    const port = await server((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    expect(await stderrOf(['ping'], port)).toMatchSnapshot();
  });
});
