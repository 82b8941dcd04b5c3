import type { ConnectionOptions } from 'node:tls';
import { tlsFileOptions } from '../broker/tls.js';
import { tlsError } from '../broker/tls-errors.js';
import { BrokerError } from '../errors.js';
import type { ConnectionSettings } from '../settings/types.js';
import { type HttpAnswer, httpRequest } from './http.js';

/** Node's codes for a certificate signed by no CA it was given. */
const UNTRUSTED =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_SIGNATURE_FAILURE)$/;

export const ENABLE_HINT = 'Enable it on the broker with `rabbitmq-plugins enable rabbitmq_management`, or point --api-url (MQ_API_URL) at it';

/** What the client needs; without the TLS settings an https:// API is checked against the system's CAs. */
type ApiSettings = Pick<ConnectionSettings, 'apiUrl' | 'user' | 'password' | 'timeout'> &
  Partial<Pick<ConnectionSettings, 'host' | 'ca' | 'cert' | 'key' | 'passphrase' | 'servername' | 'insecure'>>;

/**
 * The RabbitMQ management HTTP API, with the same user and password as AMQP and, over https, the
 * same TLS settings (CA, client certificate, --insecure). Every failure becomes a BrokerError that
 * says what to do.
 */
export class ManagementApi {
  private readonly authorization: string;
  private tls: ConnectionOptions | undefined;

  constructor(private readonly settings: ApiSettings) {
    this.authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`, 'utf8').toString('base64')}`;
  }

  /** GETs `path` (already encoded, e.g. `/api/queues/%2F`) and returns the parsed JSON. */
  async get<T>(path: string): Promise<T> {
    const { status, body } = await this.answer('GET', path);
    if (status < 200 || status > 299)
      throw new ManagementError(status, `the management API answered ${status} for ${path}: ${(body as { reason?: string } | undefined)?.reason ?? ''}`);
    return body as T;
  }

  /** GETs a health check (`/api/health/checks/…`): 200 passes, 503 fails, both with a JSON body. */
  async check(path: string): Promise<{ ok: boolean; body: Record<string, unknown> }> {
    const { status, body } = await this.answer('GET', path);
    if (status !== 200 && status !== 503) throw new ManagementError(status, `the management API answered ${status} for ${path}`);
    return { ok: status === 200, body: (body ?? {}) as Record<string, unknown> };
  }

  /** PUT, POST or DELETE with an optional JSON body; any answer outside 2xx is a ManagementError. */
  async send(method: 'PUT' | 'POST' | 'DELETE', path: string, payload?: unknown, headers: Record<string, string> = {}): Promise<void> {
    const { status, body } = await this.answer(method, path, payload, headers);
    if (status < 200 || status > 299)
      throw new ManagementError(
        status,
        `the management API answered ${status} to ${method} ${path}: ${(body as { reason?: string } | undefined)?.reason ?? ''}`,
      );
  }

  /** One request; the body parsed as JSON (undefined when empty, as a 204 is). */
  private async answer(method: string, path: string, payload?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const url = new URL(`${this.settings.apiUrl}${path}`);
    const tls = this.tlsFor(url);
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json', ...extra };
    const text = payload === undefined ? undefined : JSON.stringify(payload);
    if (text !== undefined) headers['content-type'] = 'application/json';
    let response: HttpAnswer;
    try {
      response = await httpRequest(url, method, headers, text, this.settings.timeout, tls);
    } catch (error) {
      throw this.unreachable(error, url);
    }
    if (response.status === 401) {
      throw new BrokerError(`the management API refused user '${this.settings.user}' (401)`, {
        hint: 'Check the password; the user also needs a management tag (rabbitmqctl set_user_tags <user> management)',
      });
    }
    if (response.body === '' && method !== 'GET') return { status: response.status, body: undefined };
    try {
      return { status: response.status, body: JSON.parse(response.body) };
    } catch (error) {
      throw new BrokerError(`${this.settings.apiUrl} did not answer like the RabbitMQ management API`, { hint: ENABLE_HINT, cause: error });
    }
  }

  /** The TLS files are read once; --servername applies when the API is on the AMQP host. */
  private tlsFor(url: URL): ConnectionOptions {
    if (url.protocol !== 'https:') return {};
    if (this.tls === undefined) {
      const sameHost = url.hostname.replace(/^\[|\]$/g, '') === this.settings.host;
      this.tls = tlsFileOptions({ ...this.settings, insecure: this.settings.insecure === true, servername: sameHost ? this.settings.servername : undefined });
    }
    return this.tls;
  }

  private unreachable(error: unknown, url: URL): Error {
    const where = `the management API at ${this.settings.apiUrl}`;
    const code = (error as { code?: string }).code ?? '';
    if (UNTRUSTED.test(code)) {
      return new BrokerError(`${where} has a certificate mqcli cannot verify (${code})`, {
        hint: 'Pass the CA certificate that signed it with --ca <file> (tls.ca in the rc file); --insecure skips the check, for tests only',
        cause: error,
      });
    }
    if (/wrong version number|packet length too long|unknown protocol/i.test((error as Error).message)) {
      return new BrokerError(`${where} does not speak TLS`, { hint: 'Use http:// for it, or the port of its https listener', cause: error });
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const tls = tlsError(error, { host: url.hostname, port, vhost: '', user: '', timeout: 0, servername: this.tls?.servername });
    if (tls !== undefined) {
      // Named as the API, not as a host:port that could be taken for the AMQP listener.
      tls.message = tls.message.replace(`${url.hostname}:${port}`, where);
      return tls;
    }
    const why = code === 'ECONNREFUSED' ? 'connection refused' : error instanceof Error ? error.message : String(error);
    return new BrokerError(`${where} is not reachable: ${why}`, { hint: ENABLE_HINT, cause: error });
  }
}

/** An HTTP error status from the management API (404 for a missing vhost or queue, say). */
export class ManagementError extends BrokerError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The API path segment for a vhost or a name: `/` → `%2F`. */
export const segment = (name: string): string => encodeURIComponent(name);
