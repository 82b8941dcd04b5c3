import { BrokerError } from '../errors.js';
import type { ConnectionSettings } from '../settings/types.js';

const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/;

export const ENABLE_HINT = 'Enable it on the broker with `rabbitmq-plugins enable rabbitmq_management`, or point --api-url (MQ_API_URL) at it';

/**
 * The RabbitMQ management HTTP API, with the same user and password as AMQP, over Node's own
 * fetch. Every failure becomes a BrokerError that says what to do.
 */
export class ManagementApi {
  private readonly authorization: string;

  constructor(private readonly settings: Pick<ConnectionSettings, 'apiUrl' | 'user' | 'password' | 'timeout'>) {
    this.authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`, 'utf8').toString('base64')}`;
  }

  /** GETs `path` (already encoded, e.g. `/api/queues/%2F`) and returns the parsed JSON. */
  async get<T>(path: string): Promise<T> {
    const url = `${this.settings.apiUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeout),
      });
    } catch (error) {
      const inner = (error as { cause?: { code?: string; message?: string } }).cause;
      if (inner?.code !== undefined && UNTRUSTED.test(inner.code)) {
        throw new BrokerError(`the management API at ${this.settings.apiUrl} has a certificate mqcli cannot verify (${inner.code})`, {
          hint: "Node's fetch checks it against the system's CAs, not --ca: run with NODE_EXTRA_CA_CERTS=<ca.pem>, or give an http:// --api-url",
          cause: error,
        });
      }
      const cause = inner?.code ?? ((error as Error).name === 'TimeoutError' ? 'TimeoutError' : (inner?.message ?? (error as Error).message));
      const why = cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'TimeoutError' ? `no answer within ${this.settings.timeout} ms` : cause;
      throw new BrokerError(`the management API at ${this.settings.apiUrl} is not reachable: ${why}`, { hint: ENABLE_HINT, cause: error });
    }
    if (response.status === 401) {
      throw new BrokerError(`the management API refused user '${this.settings.user}' (401)`, {
        hint: 'Check the password; the user also needs a management tag (rabbitmqctl set_user_tags <user> management)',
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new BrokerError(`${this.settings.apiUrl} did not answer like the RabbitMQ management API`, { hint: ENABLE_HINT, cause: error });
    }
    if (!response.ok)
      throw new ManagementError(response.status, `the management API answered ${response.status} for ${path}: ${(body as { reason?: string }).reason ?? ''}`);
    return body as T;
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
