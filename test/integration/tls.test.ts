// TLS tests run against a broker of their own with a TLS listener, using certificates that
// openssl makes for this run.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctlOn, uniqueName } from '../helpers/amqp.js';
import { mqcli, tempDir } from '../helpers/cli.js';
import { makeCertificates, type Certificates } from '../helpers/tls.js';
import { freePorts } from '../../scripts/lib/broker.mjs';
import { startBroker, type BrokerInfo } from '../setup/broker.js';

let broker: BrokerInfo;
let stop: () => void;
let certs: Certificates;
/** The management API's https listener, which wants a client certificate. */
let apiPort: number;
const clientName = uniqueName('cert-user');

beforeAll(async () => {
  certs = makeCertificates(tempDir('mqcli-certs-'), clientName);
  [apiPort] = (await freePorts(1)) as [number];
  ({ info: broker, stop } = await startBroker(`tls-${process.pid}`, {
    plugins: 'rabbitmq_auth_mechanism_ssl rabbitmq_management',
    conf: (tlsPort) =>
      [
        'management.ssl.ip = 127.0.0.1',
        `management.ssl.port = ${apiPort}`,
        `management.ssl.cacertfile = ${certs.ca}`,
        `management.ssl.certfile = ${certs.serverCert}`,
        `management.ssl.keyfile = ${certs.serverKey}`,
        'management.ssl.verify = verify_peer',
        'management.ssl.fail_if_no_peer_cert = true',
        `listeners.ssl.default = 127.0.0.1:${tlsPort}`,
        `ssl_options.cacertfile = ${certs.ca}`,
        `ssl_options.certfile = ${certs.serverCert}`,
        `ssl_options.keyfile = ${certs.serverKey}`,
        'ssl_options.verify = verify_peer',
        'ssl_options.fail_if_no_peer_cert = false',
        'auth_mechanisms.1 = PLAIN',
        'auth_mechanisms.2 = EXTERNAL',
        'ssl_cert_login_from = common_name',
      ].join('\n'),
  }));
  ctlOn(broker, 'add_user', clientName, 'unused-password');
  ctlOn(broker, 'set_permissions', '-p', '/', clientName, '.*', '.*', '.*');
});
afterAll(() => stop?.());

const tlsUrl = (host = 'localhost') => `amqps://guest:guest@${host}:${broker.extraPort}`;
const run = (args: string[], env: Record<string, string | undefined> = {}, cwd?: string, home?: string) =>
  mqcli(args, { broker, env, ...(cwd === undefined ? {} : { cwd }), ...(home === undefined ? {} : { home }) });

describe('TLS', () => {
  it('connects with the broker verified against --ca', async () => {
    const result = await run(['ping', '--json', '--url', tlsUrl(), '--ca', certs.ca]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ product: 'RabbitMQ', port: broker.extraPort });
  });

  it('sends and listens over TLS', async () => {
    const queue = uniqueName();
    const args = ['--url', tlsUrl(), '--ca', certs.ca];
    expect((await run(['send', queue, 'secret hello', ...args])).code).toBe(0);
    expect((await run(['listen', queue, '--count', '1', ...args])).stdout).toBe('secret hello\n');
  });

  it('fails clearly with the wrong CA', async () => {
    const result = await run(['ping', '--url', tlsUrl(), '--ca', certs.otherCa]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the certificate of localhost:\d+ is not signed by a CA mqcli trusts \(\w+\)\n  Pass the broker's CA certificate with --ca/,
    );
  });

  it('fails clearly without any CA (a private CA is not trusted by default)', async () => {
    const result = await run(['ping', '--url', tlsUrl()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not signed by a CA mqcli trusts/);
  });

  it('connects with --insecure, and warns every time', async () => {
    const result = await run(['ping', '--url', tlsUrl(), '--insecure']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: --insecure: the broker's certificate is not checked/);
  });

  it('names both names when the host does not match the certificate', async () => {
    const result = await run(['ping', '--url', tlsUrl('127.0.0.1'), '--ca', certs.ca, '--servername', 'rabbit.example']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the certificate of 127\.0\.0\.1:\d+ is for DNS:localhost, IP Address:127\.0\.0\.1, not for rabbit\.example\n  .*--servername/,
    );
  });

  it('logs in with the client certificate (--auth external)', async () => {
    const result = await run([
      'ping',
      '--json',
      '--url',
      `amqps://localhost:${broker.extraPort}`,
      '--ca',
      certs.ca,
      '--cert',
      certs.clientCert,
      '--key',
      certs.clientKey,
      '--auth',
      'external',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('reads an encrypted key with --passphrase or MQ_KEY_PASSPHRASE, and says when it is wrong', async () => {
    const args = [
      'ping',
      '--url',
      `amqps://localhost:${broker.extraPort}`,
      '--ca',
      certs.ca,
      '--cert',
      certs.clientCert,
      '--key',
      certs.clientKeyEncrypted,
      '--auth',
      'external',
    ];
    expect((await run([...args, '--passphrase', certs.passphrase])).code).toBe(0);
    expect((await run(args, { MQ_KEY_PASSPHRASE: certs.passphrase })).code).toBe(0);
    const wrong = await run([...args, '--passphrase', 'not it']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: cannot decrypt the private key: wrong passphrase/);
    expect(wrong.stderr).not.toContain('not it');
  });

  it('says when the key file cannot be read', async () => {
    const result = await run(['ping', '--url', tlsUrl(), '--ca', certs.ca, '--cert', certs.clientCert, '--key', join(certs.dir, 'missing.key')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot read the private key .*missing\.key: no such file/);
  });

  it('says when TLS meets a plain port, and plain meets a TLS port', async () => {
    const tlsToPlain = await run(['ping', '--url', `amqps://localhost:${broker.port}`, '--ca', certs.ca]);
    expect(tlsToPlain.code).toBe(1);
    expect(tlsToPlain.stderr).toMatch(/^error: localhost:\d+ does not speak TLS/);
    const plainToTls = await run(['ping', '--url', `amqp://localhost:${broker.extraPort}`, '--timeout', '3000']);
    expect(plainToTls.code).toBe(1);
    expect(plainToTls.stderr).toMatch(/did not answer like an AMQP 0-9-1 broker\n  .*amqps:\/\//);
  });

  it('says when the management API has a certificate it cannot verify', async () => {
    const result = await run(['queue', 'list', '--api-url', `https://localhost:${apiPort}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the management API at https:\/\/localhost:\d+ has a certificate mqcli cannot verify \(\w+\)\n  Pass the CA certificate that signed it with --ca <file>/,
    );
  });

  describe('the management API over https', () => {
    const api = () => ['--api-url', `https://localhost:${apiPort}`];
    const client = () => ['--ca', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey];

    it('takes --ca and the client certificate, over amqps:// and over plain AMQP', async () => {
      const queue = uniqueName('api');
      expect((await run(['queue', 'declare', queue, '--url', tlsUrl(), '--ca', certs.ca])).code).toBe(0);
      for (const url of [tlsUrl(), `amqp://guest:guest@localhost:${broker.port}`]) {
        const result = await run(['queue', 'list', '--json', '--filter', queue, '--url', url, ...api(), ...client()]);
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout)).toMatchObject([{ name: queue }]);
      }
    });

    it('reads an encrypted client key with --passphrase', async () => {
      const args = ['--ca', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase', certs.passphrase];
      const result = await run(['exchange', 'list', '--json', '--filter', 'amq.topic', '--url', tlsUrl(), ...api(), ...args]);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject([{ name: 'amq.topic' }]);
    });

    it('says when the API wants a client certificate', async () => {
      const result = await run(['queue', 'list', '--url', tlsUrl(), '--ca', certs.ca, ...api()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^error: the management API at https:\/\/localhost:\d+ wants a client certificate\n  Give it with --cert <file> and --key <file>\n$/,
      );
    });

    it('skips the check with --insecure, and warns', async () => {
      const plain = `amqp://guest:guest@localhost:${broker.port}`;
      const result = await run(['queue', 'list', '--json', '--url', plain, ...api(), '--insecure', '--cert', certs.clientCert, '--key', certs.clientKey]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        "warning: --insecure: the management API's certificate is not checked, so anyone on the way could read and change the traffic\n",
      );
    });

    it('says when an https:// API URL meets a plain http listener', async () => {
      const result = await run(['queue', 'list', '--url', tlsUrl(), '--ca', certs.ca, '--api-url', `https://localhost:${broker.mgmtPort}`]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: the management API at https:\/\/localhost:\d+ does not speak TLS\n  Use http:\/\/ for it/);
    });
  });

  it('refuses TLS settings on a plain connection, and certificate login without a certificate', async () => {
    const plain = await run(['ping', '--ca', certs.ca]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--ca is a TLS setting, but the connection is plain amqp:\/\//);
    const external = await run(['ping', '--url', tlsUrl(), '--auth', 'external']);
    expect(external.code).toBe(2);
    expect(external.stderr).toMatch(/certificate login \(auth external\) needs TLS with a client certificate/);
  });

  it('takes TLS settings from a profile, with paths relative to the rc file', async () => {
    const home = tempDir();
    mkdirSync(join(home, 'certs'));
    copyFileSync(certs.ca, join(home, 'certs', 'ca.pem'));
    const rc = [
      'profiles:',
      '  secure:',
      `    url: amqps://localhost:${broker.extraPort}`,
      '    auth: external',
      '    tls:',
      `      ca: ${certs.ca}`,
      `      cert: ${certs.clientCert}`,
      `      key: ${certs.clientKeyEncrypted}`,
      `      passphrase: ${certs.passphrase}`,
      '  relative:',
      `    url: amqps://guest:guest@localhost:${broker.extraPort}`,
      '    tls:',
      '      ca: certs/ca.pem',
    ].join('\n');
    writeFileSync(join(home, '.rabbitclirc'), `${rc}\n`, { mode: 0o600 });
    const project = join(home, 'project');
    mkdirSync(project);
    // The profile's URL must win: no MQ_HOST / MQ_PORT from the test environment.
    const env = { MQ_HOST: undefined, MQ_PORT: undefined };
    const secure = await run(['ping', '--profile', 'secure'], env, project, home);
    expect(secure.stderr).toBe('');
    expect(secure.code).toBe(0);
    const relative = await run(['ping', '--profile', 'relative'], env, project, home);
    expect(relative.stderr).toBe('');
    const shown = await run(['config', '--json', '--profile', 'relative'], env, project, home);
    expect(JSON.parse(shown.stdout).settings.ca).toBe(join(home, 'certs', 'ca.pem'));
  });
});
