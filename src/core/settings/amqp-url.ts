import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { redactUrlInput } from '../redact.js';
import type { ConnectionSettings } from './types.js';

/** The parts a URL states. Parts it leaves out stay undefined, so lower sources still apply. */
export interface UrlParts {
  protocol: 'amqp' | 'amqps';
  host: string;
  /** Explicit, or the scheme's default port: a URL without a port means 5672 (5671 for amqps). */
  port: number;
  vhost?: string;
  user?: string;
  password?: string;
  heartbeat?: string;
  timeout?: string;
}

const QUERY_KEYS: Record<string, 'heartbeat' | 'timeout'> = {
  heartbeat: 'heartbeat',
  connection_timeout: 'timeout',
};

export const DEFAULT_PORTS = { amqp: 5672, amqps: 5671 } as const;

const EXPECTED = 'Expected amqp://user:password@host:5672/vhost; in the user and password write @ as %40, : as %3A, / as %2F';

/**
 * Parses an `amqp://user:pass@host:port/vhost?heartbeat=30` URL; `where` names its source in
 * errors. With `echo`, errors show the value, its password hidden; a variable's value is never
 * shown, as it may be anything at all.
 */
export function parseAmqpUrl(text: string, where: string, echo = true): UrlParts {
  const shown = echo ? `: ${oneLine(redactUrlInput(text))}` : '';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new ConfigError(`${where} must start with amqp:// or amqps://${shown}`, { hint: EXPECTED });
  if (scheme !== 'amqp' && scheme !== 'amqps') {
    throw new ConfigError(`${where} must start with amqp:// or amqps://, not ${scheme}://`, { hint: EXPECTED });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${where} is not a valid URL${shown}`, { hint: EXPECTED });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new ConfigError(`${where} has no host${shown}`, { hint: EXPECTED });

  const parts: UrlParts = {
    protocol: scheme,
    host,
    port: url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port),
  };
  const decode = (value: string, part: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new ConfigError(`${where} has a badly percent-encoded ${part}`);
    }
  };
  // A path of "" or "/" states no vhost; "/%2F" (or "//") is the vhost "/".
  if (url.pathname.length > 1) parts.vhost = decode(url.pathname.slice(1), 'vhost');
  if (url.username !== '') parts.user = decode(url.username, 'user');
  if (url.password !== '') parts.password = decode(url.password, 'password');
  for (const [key, value] of url.searchParams) {
    const field = QUERY_KEYS[key];
    if (field === undefined) {
      throw new ConfigError(`${where} has an unsupported parameter '${oneLine(key)}'`, {
        hint: `Supported URL parameters: ${Object.keys(QUERY_KEYS).join(', ')}`,
      });
    }
    parts[field] = value;
  }
  return parts;
}

/** The settings as a URL, with the password shown as `***`; `node` picks another node of a list. */
export function displayUrl(settings: ConnectionSettings, node: { host: string; port: number } = settings): string {
  const user = encodeURIComponent(settings.user);
  const vhost = settings.vhost === '/' ? '' : encodeURIComponent(settings.vhost);
  const host = node.host.includes(':') ? `[${node.host}]` : node.host;
  return `${settings.protocol}://${user}:***@${host}:${node.port}/${vhost}`;
}

/** Every node of the settings as a URL, password hidden: the list `config` shows. */
export function displayUrls(settings: ConnectionSettings): string[] {
  return (settings.endpoints ?? [settings]).map((node) => displayUrl(settings, node));
}
