import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { closest } from '../suggest.js';
import type { RawLayer } from './types.js';

/** A loaded rc file: its top-level settings and its named profiles. */
export interface RcFile {
  path: string;
  values: RawLayer;
  profiles: Record<string, RawLayer>;
  /** It holds a password or a key passphrase somewhere (for the permissions warning). */
  hasSecrets: boolean;
}

const STRING_KEYS = ['url', 'host', 'vhost', 'user', 'password', 'apiUrl', 'auth', 'passwordEnv', 'passwordCommand'] as const;
const NUMBER_KEYS = ['port', 'heartbeat', 'timeout'] as const;
const TLS_STRING_KEYS = ['ca', 'cert', 'key', 'passphrase', 'servername'] as const;
const TLS_PATH_KEYS: readonly string[] = ['ca', 'cert', 'key'];
export const RC_KEYS: readonly string[] = [...STRING_KEYS, ...NUMBER_KEYS, 'tls'];
const TLS_KEYS: readonly string[] = [...TLS_STRING_KEYS, 'insecure'];
const PASSWORD_KEYS = ['password', 'passwordEnv', 'passwordCommand'] as const;

/**
 * Checks what cosmiconfig loaded from `path` and turns it into an RcFile; unknown keys are errors.
 * TLS file paths are made absolute, relative to the rc file's folder.
 */
export function parseRcContent(content: unknown, path: string): RcFile {
  if (content === undefined || content === null) return { path, values: {}, profiles: {}, hasSecrets: false };
  const top = asObject(content, `${path} must hold a mapping of settings`);
  const { profiles: rawProfiles, ...rest } = top;
  const folder = dirname(path);
  const profiles: Record<string, RawLayer> = {};
  if (rawProfiles !== undefined) {
    const entries = asObject(rawProfiles, `profiles in ${path} must be a mapping of profile names to settings`);
    for (const [name, body] of Object.entries(entries)) {
      const where = `profile '${oneLine(name)}' in ${path}`;
      profiles[name] = parseLayer(asObject(body, `${where} must be a mapping of settings`), where, false, folder);
    }
  }
  const values = parseLayer(rest, path, true, folder);
  const hasSecrets = [values, ...Object.values(profiles)].some((layer) => layer.password !== undefined || layer.passphrase !== undefined);
  return { path, values, profiles, hasSecrets };
}

function parseLayer(object: Record<string, unknown>, where: string, topLevel: boolean, folder: string): RawLayer {
  const layer: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(object)) {
    if ((STRING_KEYS as readonly string[]).includes(key)) layer[key] = asString(value, key, where);
    else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' && typeof value !== 'string') throw new ConfigError(`${key} in ${where} must be a number`);
      layer[key] = value;
    } else if (key === 'tls') {
      const tls = asObject(value, `tls in ${where} must be a mapping (ca, cert, key, passphrase, servername, insecure)`);
      for (const [tlsKey, tlsValue] of Object.entries(tls)) {
        if (tlsKey === 'insecure') {
          if (typeof tlsValue !== 'boolean') throw new ConfigError(`tls.insecure in ${where} must be true or false`);
          layer.insecure = tlsValue;
        } else if ((TLS_STRING_KEYS as readonly string[]).includes(tlsKey)) {
          const text = asString(tlsValue, `tls.${tlsKey}`, where);
          layer[tlsKey] = TLS_PATH_KEYS.includes(tlsKey) ? resolve(folder, text) : text;
        } else throw unknownKey(`tls.${tlsKey}`, where, TLS_KEYS.map((name) => `tls.${name}`));
      }
    } else throw unknownKey(key, where, topLevel ? [...RC_KEYS, 'profiles'] : RC_KEYS);
  }
  const given = PASSWORD_KEYS.filter((key) => layer[key] !== undefined);
  if (given.length > 1) throw new ConfigError(`${where} gives both ${given.join(' and ')}; keep one`);
  return layer as RawLayer;
}

function asString(value: unknown, key: string, where: string): string {
  // YAML reads `password: 1234` as a number; a number is a fine string here.
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(`${key} in ${where} must be a string`);
  return String(value);
}

function unknownKey(key: string, where: string, known: readonly string[]): ConfigError {
  const guess = closest(key, known);
  return new ConfigError(`unknown key '${oneLine(key)}' in ${where}`, {
    hint: guess !== undefined ? `Did you mean '${guess}'? Known keys: ${known.join(', ')}` : `Known keys: ${known.join(', ')}`,
  });
}

function asObject(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(message);
  return value as Record<string, unknown>;
}
