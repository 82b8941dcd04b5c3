import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { redactUrlInput } from '../redact.js';
import { parseAmqpUrl, type UrlParts } from './amqp-url.js';
import type { Endpoint } from './types.js';

/**
 * The entries of a list setting: every value split at commas, each entry trimmed. `where` names
 * the source; an empty entry (`a,,b`, a trailing comma) is an error, not something to skip.
 */
export function splitList(value: string | readonly string[], where: string, echo = true): string[] {
  const values = typeof value === 'string' ? [value] : value;
  const entries = values.flatMap((one) => one.split(',').map((entry) => entry.trim()));
  const empty = entries.indexOf('');
  if (empty >= 0 || entries.length === 0) {
    const shown = echo ? `: '${oneLine(redactUrlInput(values.join(',')))}'` : '';
    throw new ConfigError(`${where} has an empty entry${entries.length > 1 ? ` (number ${empty + 1})` : ''}${shown}`, {
      hint: 'Separate the entries by single commas, with nothing after the last',
    });
  }
  return entries;
}

/** The parts every URL of a list must agree on: one login, one vhost, one protocol for the whole cluster. */
const SHARED = ['protocol', 'user', 'password', 'vhost', 'heartbeat', 'timeout'] as const;

export interface UrlList {
  /** The first URL's parts: they set the connection, as a single URL does. */
  parts: UrlParts;
  endpoints: Endpoint[];
}

/**
 * Parses a list of AMQP URLs (`amqp://u:p@a:5672,amqp://b:5673`). The first states the login and
 * vhost; later ones may leave them out, but may not state others. Errors name the entry, its
 * password hidden (only its number when `echo` is off, for environment variables).
 */
export function parseUrlList(value: string | readonly string[], where: string, echo = true): UrlList {
  const entries = splitList(value, where, echo);
  const name = (index: number) => (entries.length === 1 ? where : `${where} (URL ${index + 1} of ${entries.length})`);
  const all = entries.map((entry, index) => parseAmqpUrl(entry, name(index), echo));
  const parts = all[0] as UrlParts;
  all.forEach((other, index) => {
    const differs = SHARED.find((key) => other[key] !== undefined && other[key] !== parts[key]);
    if (differs === undefined) return;
    const shown = echo ? `: ${oneLine(redactUrlInput(entries[index] as string))}` : '';
    throw new ConfigError(`${name(index)} states another ${differs} than the first URL${shown}`, {
      hint: 'The URLs of a list are the nodes of one cluster: give the user, password and vhost in the first URL only (or the same in each)',
    });
  });
  return { parts, endpoints: all.map(({ host, port }) => ({ host, port })) };
}
