import { ConfigError } from '../errors.js';
import { closest } from '../suggest.js';
import type { RawLayer } from './types.js';

/** A loaded rc file: its top-level settings and its named profiles. */
export interface RcFile {
  path: string;
  values: RawLayer;
  profiles: Record<string, RawLayer>;
}

const STRING_KEYS = ['url', 'host', 'vhost', 'user', 'password', 'apiUrl'] as const;
const NUMBER_KEYS = ['port', 'heartbeat', 'timeout'] as const;
export const RC_KEYS: readonly string[] = [...STRING_KEYS, ...NUMBER_KEYS];

/** Checks what cosmiconfig loaded from `path` and turns it into an RcFile; unknown keys are errors. */
export function parseRcContent(content: unknown, path: string): RcFile {
  if (content === undefined || content === null) return { path, values: {}, profiles: {} };
  const top = asObject(content, `${path} must hold a mapping of settings`);
  const { profiles: rawProfiles, ...rest } = top;
  const profiles: Record<string, RawLayer> = {};
  if (rawProfiles !== undefined) {
    const entries = asObject(rawProfiles, `profiles in ${path} must be a mapping of profile names to settings`);
    for (const [name, body] of Object.entries(entries)) {
      const where = `profile '${name}' in ${path}`;
      profiles[name] = parseLayer(asObject(body, `${where} must be a mapping of settings`), where, false);
    }
  }
  return { path, values: parseLayer(rest, path, true), profiles };
}

function parseLayer(object: Record<string, unknown>, where: string, topLevel: boolean): RawLayer {
  const layer: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(object)) {
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      // YAML reads `password: 1234` as a number; a number is a fine string here.
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ConfigError(`${key} in ${where} must be a string`);
      }
      layer[key] = String(value);
    } else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new ConfigError(`${key} in ${where} must be a number`);
      }
      layer[key] = value;
    } else {
      const known = topLevel ? [...RC_KEYS, 'profiles'] : RC_KEYS;
      const guess = closest(key, known);
      throw new ConfigError(`unknown key '${key}' in ${where}`, {
        hint: guess !== undefined ? `Did you mean '${guess}'? Known keys: ${known.join(', ')}` : `Known keys: ${known.join(', ')}`,
      });
    }
  }
  return layer as RawLayer;
}

function asObject(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(message);
  return value as Record<string, unknown>;
}
