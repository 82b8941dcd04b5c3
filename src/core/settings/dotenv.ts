import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';

/**
 * Loads `.env` from `cwd` into `env` (Node's own parser); a variable `env` already has wins.
 * Returns the names it added, so settings can say a value came from .env.
 */
export function loadDotenv(cwd: string, env: Record<string, string | undefined>): Set<string> {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return new Set();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const added = new Set<string>();
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value === undefined || Object.hasOwn(env, key)) continue;
    env[key] = value;
    added.add(key);
  }
  return added;
}
