import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * Loads `.env` from `cwd` into `env` with Node's own loader, which never overrides a variable
 * already set. Returns the names it added, so settings can say a value came from .env.
 */
export function loadDotenv(cwd: string, env: Record<string, string | undefined>): Set<string> {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return new Set();
  const before = new Set(Object.keys(env));
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return new Set(Object.keys(env).filter((key) => !before.has(key)));
}
