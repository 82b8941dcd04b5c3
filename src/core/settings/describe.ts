import type { Source } from './types.js';

/**
 * Names a source for people: `--port`, `MQ_PORT`, `MQ_PORT in .env`, `/home/me/.rabbitclirc
 * (profile prod)`, `default`. With `key`, rc sources also name the key: `port in /x/.rabbitclirc`.
 */
export function describeSource(source: Source, key?: string): string {
  const via = source.viaUrl && key !== undefined && source.kind !== 'rc' ? ` (${key} from the URL)` : '';
  switch (source.kind) {
    case 'flag':
      return `${source.name}${via}`;
    case 'env':
      return `${source.name}${via}`;
    case 'dotenv':
      return `${source.name} in .env${via}`;
    case 'rc': {
      const field = source.viaUrl ? 'url' : (source.field ?? key);
      const profile = source.profile === undefined ? '' : ` (profile ${source.profile})`;
      return `${field === undefined ? '' : `${field} in `}${source.name}${profile}`;
    }
    case 'default':
      return key === undefined ? 'default' : `default ${key}`;
  }
}
