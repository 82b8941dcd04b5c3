import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { redactUrlInput } from '../redact.js';
import { describeSource } from './describe.js';
import type { IntegerRule } from './spec.js';
import { TLS_KEYS, type ConnectionSettings, type SettingKey, type Source } from './types.js';

export type { IntegerRule };

/** Parses a whole number within `rule`, from a string or a number; `where` names the source. */
export function checkInteger(value: string | number, rule: IntegerRule, where: () => string): number {
  const number = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < rule.min || number > rule.max) {
    throw new ConfigError(`${where()} must be ${rule.expected}, not '${oneLine(String(value))}'`);
  }
  return number;
}

/** One of `choices`; `where` names the source. */
export function checkChoice<T extends string>(value: string, choices: readonly T[], where: () => string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${where()} must be ${choices.join(' or ')}, not '${oneLine(value)}'`);
}

/** TLS settings need amqps:// (or an https:// management API), and certificate login needs a certificate. */
export function checkTls(connection: ConnectionSettings, sources: Record<SettingKey, Source>): void {
  if (connection.protocol === 'amqp' && !connection.apiUrl.startsWith('https:')) {
    const given = TLS_KEYS.find((key) => connection[key] !== undefined && connection[key] !== false);
    if (given !== undefined) {
      throw new ConfigError(`${describeSource(sources[given], given)} is a TLS setting, but the connection is plain amqp://`, {
        hint: 'Use an amqps:// URL (the TLS port, usually 5671) or an https:// --api-url, or drop the TLS settings',
      });
    }
  }
  if (connection.auth === 'external') {
    if (connection.protocol !== 'amqps' || connection.cert === undefined || connection.key === undefined) {
      throw new ConfigError('certificate login (auth external) needs TLS with a client certificate', {
        hint: 'Use an amqps:// URL with --cert <file> and --key <file> (or tls.cert and tls.key in the rc file)',
      });
    }
  }
}

/** The management API next to the broker: same host, port 15672, https when AMQP is TLS. */
export function defaultApiUrl({ protocol, host }: ConnectionSettings): string {
  const name = host.includes(':') ? `[${host}]` : host;
  return `${protocol === 'amqps' ? 'https' : 'http'}://${name}:15672`;
}

export function checkApiUrl(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${where} is not a valid URL: ${oneLine(redactUrlInput(text))}`, { hint: 'Expected http://host:15672' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${where} must start with http:// or https://`);
  return text.replace(/\/+$/, '');
}
