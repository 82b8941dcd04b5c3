import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { describeProblems, type Code } from './rc-problems.js';
import { ALTERNATIVES, keysIn, RC_LIST_ROWS, RC_ROWS as ROWS, rcPath as pathOf } from './rc-keys.js';
import type { SettingSpec } from './spec.js';
import type { RawLayer } from './types.js';

/** A loaded rc file: its top-level settings and its named profiles. */
export interface RcFile {
  path: string;
  values: RawLayer;
  profiles: Record<string, RawLayer>;
  /** It holds a password or a key passphrase somewhere (for the permissions warning). */
  hasSecrets: boolean;
}

export { RC_KEYS } from './rc-keys.js';

const code = (name: Code) => name;
const mapping = () => v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), code('mapping'));
// YAML reads `password: 1234` as a number, a fine string here; numbers may be strings until resolved.
const VALUES: Record<SettingSpec['type'], v.GenericSchema> = {
  string: v.union([v.string(), v.number()], code('string')),
  integer: v.union([v.number(), v.string()], code('number')),
  boolean: v.boolean(code('boolean')),
};

// `urls:` as a YAML list of strings (a URL may also be a number-looking string, as YAML reads it).
const LIST = v.array(v.union([v.string(), v.number()], code('list')), code('list'));

function entriesAt(at: readonly string[]): Record<string, v.GenericSchema> {
  return Object.fromEntries(
    keysIn(at).map((key) => {
      const row = ROWS.find((candidate) => candidate.rc === [...at, key].join('.'));
      if (row === undefined && at.length === 0 && RC_LIST_ROWS.some((list) => list.rcList === key)) return [key, v.optional(LIST)];
      const inner = row === undefined ? v.pipe(mapping(), v.strictObject(entriesAt([...at, key]), code('unknown'))) : VALUES[row.type];
      return [key, v.optional(inner)];
    }),
  );
}

const oneOfEach = v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
  const value = (dataset.value ?? {}) as Record<string, unknown>;
  if (ALTERNATIVES.some((keys) => keys.filter((key) => value[key] !== undefined).length > 1)) addIssue({ message: code('alternatives'), input: value });
});
const LAYER = v.pipe(mapping(), v.strictObject(entriesAt([]), code('unknown')), oneOfEach);
const PROFILES = v.pipe(mapping(), v.record(v.string(), LAYER));
const FILE = v.pipe(mapping(), v.strictObject({ profiles: v.optional(PROFILES), ...entriesAt([]) }, code('unknown')), oneOfEach);

/**
 * Checks what cosmiconfig loaded from `path` and turns it into an RcFile; every problem in the
 * file is reported at once. TLS file paths are made absolute, relative to the rc file's folder.
 */
export function parseRcContent(content: unknown, path: string): RcFile {
  if (content === undefined || content === null) return { path, values: {}, profiles: {}, hasSecrets: false };
  const result = v.safeParse(FILE, content, { abortEarly: false });
  if (!result.success) throw describeProblems(result.issues, path);
  const { profiles = {}, ...top } = result.output as { profiles?: Record<string, Record<string, unknown>> };
  const folder = dirname(path);
  const values = flatten(top, folder);
  const named = Object.fromEntries(Object.entries(profiles).map(([name, body]) => [name, flatten(body, folder)]));
  const secrets = ROWS.filter((row) => row.secret === true).map((row) => row.key as keyof RawLayer);
  const hasSecrets = [values, ...Object.values(named)].some((layer) => secrets.some((key) => layer[key] !== undefined));
  return { path, values, profiles: named, hasSecrets };
}

/** One checked mapping as a layer: `tls.ca` becomes `ca`, strings are strings, paths absolute. */
function flatten(object: Record<string, unknown>, folder: string): RawLayer {
  const layer: Record<string, unknown> = {};
  for (const row of ROWS) {
    const listed = row.rcList === undefined ? undefined : (object[row.rcList] as unknown[] | undefined);
    if (listed !== undefined) {
      layer[row.key] = listed.map(String);
      continue;
    }
    const value = pathOf(row).reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], object);
    if (value === undefined) continue;
    layer[row.key] = row.type !== 'string' ? value : row.path === true ? resolve(folder, String(value)) : String(value);
  }
  return layer as RawLayer;
}
