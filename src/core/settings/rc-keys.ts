import { SETTINGS, type SettingSpec } from './spec.js';

/** The settings an rc file may hold, each at its path: `host`, `tls.ca`. */
export const RC_ROWS: readonly SettingSpec[] = SETTINGS.filter((row) => 'rc' in row);

export function rcPath(row: SettingSpec): string[] {
  return (row.rc as string).split('.');
}

/** Rows that may also be given as a YAML list under a key of their own (`urls:` for `url`). */
export const RC_LIST_ROWS: readonly SettingSpec[] = RC_ROWS.filter((row) => row.rcList !== undefined);
const paths = (): string[][] => [...RC_ROWS.map(rcPath), ...RC_LIST_ROWS.map((row) => [row.rcList as string])];

// Listed in errors as they always were: strings, then numbers, then switches, then mappings.
const ORDER = ['string', 'integer', 'boolean'];
const rank = (at: readonly string[], key: string) => {
  const row = RC_ROWS.find((candidate) => candidate.rc === [...at, key].join('.') || (at.length === 0 && candidate.rcList === key));
  return row === undefined ? ORDER.length : ORDER.indexOf(row.type);
};

/** The keys of one rc mapping: `[]` for a layer, `['tls']` for its tls mapping. */
export function keysIn(at: readonly string[]): string[] {
  const inside = paths().filter((path) => path.length > at.length && at.every((key, i) => path[i] === key));
  const keys = [...new Set(inside.map((path) => path[at.length] as string))];
  return keys.toSorted((a, b) => rank(at, a) - rank(at, b));
}

/** The keys a layer of an rc file may hold. */
export const RC_KEYS: readonly string[] = keysIn([]);

/** Keys that give the same setting, at most one per layer: password, passwordEnv, passwordCommand. */
export const ALTERNATIVES: readonly (readonly string[])[] = [
  ...RC_ROWS.filter((row) => RC_ROWS.some((other) => other.gives === row.key)).map((row) => [
    row.key,
    ...RC_ROWS.filter((other) => other.gives === row.key).map((other) => other.key),
  ]),
  ...RC_LIST_ROWS.map((row) => [row.rc as string, row.rcList as string]),
];
