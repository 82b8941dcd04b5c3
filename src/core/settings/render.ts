import { formatJson, formatTable } from '../../ui/table.js';
import { displayUrl, displayUrls } from './amqp-url.js';
import { describeSource, describeUrlSource } from './describe.js';
import { CONNECTION_KEYS as SHOWN, SECRET_KEYS as SECRET, type ResolvedSettings, type SettingKey } from './types.js';

/** `mqcli config` output: every setting with its source; the password and passphrase always as `***`. */
export function renderConfig(resolved: ResolvedSettings, options: { json: boolean; tty: boolean }): string {
  const { connection, sources } = resolved;
  const value = (key: SettingKey): string | number | boolean | null => (connection[key] === undefined ? null : SECRET.includes(key) ? '***' : connection[key]);
  if (options.json) {
    return formatJson({
      url: displayUrl(connection),
      urls: displayUrls(connection),
      settings: Object.fromEntries(SHOWN.map((key) => [key, value(key)])),
      sources: { url: describeUrlSource(sources), ...Object.fromEntries(SHOWN.map((key) => [key, describeSource(sources[key])])) },
      profile: resolved.profile ?? null,
      profileOutranksEnv: resolved.profileOutranksEnv === true,
      rcFile: resolved.rcFile ?? null,
    });
  }
  const rows = SHOWN.map((key) => [key, String(value(key) ?? '-'), describeSource(sources[key])]);
  rows.unshift(['url', displayUrls(connection).join(','), describeUrlSource(sources)]);
  const hosts = [...new Set((connection.endpoints ?? []).map((node) => node.host))];
  // A list of nodes: the host row names them all, as --host a,b,c does.
  if (hosts.length > 1) (rows.find((row) => row[0] === 'host') as string[])[1] = hosts.join(',');
  rows.push(['rc file', resolved.rcFile ?? '(none found)', profileNote(resolved)]);
  return formatTable(rows, { tty: options.tty, header: ['setting', 'value', 'source'] });
}

function profileNote({ profile, profileOutranksEnv }: ResolvedSettings): string {
  if (profile === undefined) return '';
  return profileOutranksEnv ? `profile ${profile} (--profile: over the environment)` : `profile ${profile} (MQ_PROFILE: under the environment)`;
}
