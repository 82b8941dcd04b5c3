import { formatJson, formatTable } from '../../ui/table.js';
import { displayUrl } from './amqp-url.js';
import { describeSource, describeUrlSource } from './describe.js';
import { CONNECTION_KEYS as SHOWN, SECRET_KEYS as SECRET, type ResolvedSettings, type SettingKey } from './types.js';

/** `mqcli config` output: every setting with its source; the password and passphrase always as `***`. */
export function renderConfig(resolved: ResolvedSettings, options: { json: boolean; tty: boolean }): string {
  const { connection, sources } = resolved;
  const value = (key: SettingKey): string | number | boolean | null => (connection[key] === undefined ? null : SECRET.includes(key) ? '***' : connection[key]);
  if (options.json) {
    return formatJson({
      url: displayUrl(connection),
      settings: Object.fromEntries(SHOWN.map((key) => [key, value(key)])),
      sources: { url: describeUrlSource(sources), ...Object.fromEntries(SHOWN.map((key) => [key, describeSource(sources[key])])) },
      profile: resolved.profile ?? null,
      rcFile: resolved.rcFile ?? null,
    });
  }
  const rows = SHOWN.map((key) => [key, String(value(key) ?? '-'), describeSource(sources[key])]);
  rows.unshift(['url', displayUrl(connection), describeUrlSource(sources)]);
  rows.push(['rc file', resolved.rcFile ?? '(none found)', resolved.profile === undefined ? '' : `profile ${resolved.profile}`]);
  return formatTable(rows, { tty: options.tty, header: ['setting', 'value', 'source'] });
}
