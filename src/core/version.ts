import { readFileSync } from 'node:fs';

// Set by scripts/build.mjs; undefined when the sources run directly (under the tests).
declare const __MQCLI_VERSION__: string | undefined;

let cached: string | undefined;

/** The package version: built into dist/, or read from package.json when running from src/. */
export function version(): string {
  cached ??=
    typeof __MQCLI_VERSION__ === 'string'
      ? __MQCLI_VERSION__
      : (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
