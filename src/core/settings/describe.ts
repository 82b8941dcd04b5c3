import type { SettingKey, Source } from './types.js';

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

/** The settings a connection URL is made of. */
const URL_PARTS = ['protocol', 'host', 'port', 'vhost', 'user', 'password'] as const;

/** Where the URL `config` shows came from: the one source of all its parts, or each one in turn (`MQ_URL, --vhost`). */
export function describeUrlSource(sources: Record<SettingKey, Source>): string {
  const names = [...new Set(URL_PARTS.map((key) => describeSource(sources[key])))];
  if (names.length === 1) return names[0] as string;
  const given = names.filter((name) => name !== 'default');
  return [...given, ...(given.length < names.length ? ['defaults'] : [])].join(', ');
}
