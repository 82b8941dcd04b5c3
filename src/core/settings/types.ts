import { SETTINGS, type SettingSpec } from './spec.js';

type Row = (typeof SETTINGS)[number];
type ValueOf<R> = R extends { list: 'repeatable' }
  ? string[]
  : R extends { choices: readonly (infer C)[] }
    ? C
    : R extends { type: 'integer' }
      ? number
      : R extends { type: 'boolean' }
        ? boolean
        : string;
/** As a source may state it: numbers may still be strings (from the environment). */
type RawValueOf<R> = R extends { list: 'repeatable' }
  ? string | readonly string[]
  : R extends { type: 'integer' }
    ? string | number
    : R extends { type: 'boolean' }
      ? boolean
      : string;

type ConnectionRow = Extract<Row, { role: 'connection' }>;
type AlwaysSet = Extract<ConnectionRow, { default: unknown } | { derived: true }>;
type LayerRow = Extract<Row, { role: 'connection' | 'source' }> & ({ env: unknown } | { rc: unknown } | { flag: unknown });
type FlagRow = Extract<Row, { flag: unknown }>;

type Fixed = { [R in AlwaysSet as R['key']]: ValueOf<R> };
type Optional = { [R in Exclude<ConnectionRow, AlwaysSet> as R['key']]?: ValueOf<R> | undefined };

/** One node to connect to: a URL of a list, or a host of `--host a,b,c`. */
export interface Endpoint {
  host: string;
  port: number;
}

/**
 * Everything needed to open a connection, after every source has been applied (see spec.ts).
 * `host` and `port` are the first node; `endpoints` lists every node, in the order given.
 */
export interface ConnectionSettings extends Fixed, Optional {
  endpoints?: readonly Endpoint[] | undefined;
}

export type SettingKey = keyof Fixed | keyof Optional;

/** What one source says, before validation. */
export type RawLayer = { [R in LayerRow as R['key']]?: RawValueOf<R> | undefined };

/** The values of every flag of the table, as commander parses them. */
export type FlagValues = { [R in FlagRow as R['key']]?: ValueOf<R> | undefined };

const rows: readonly SettingSpec[] = SETTINGS;
const keys = <K extends string>(pick: (row: SettingSpec) => boolean): readonly K[] => rows.filter(pick).map((row) => row.key as K);
const hasSource = (row: SettingSpec) => row.env !== undefined || row.rc !== undefined || row.flag !== undefined;

/** The settings `mqcli config` shows, in order. */
export const CONNECTION_KEYS = keys<SettingKey>((row) => row.role === 'connection');
/** The fields a source may give one by one (the protocol only comes with a URL). */
export const FIELD_KEYS = keys<SettingKey & keyof RawLayer>((row) => row.role === 'connection' && hasSource(row));
/** What a layer may hold: the fields, plus what states them (a URL, a password indirection). */
export const LAYER_KEYS = keys<keyof RawLayer>((row) => row.role !== 'cli' && hasSource(row));
/** The settings that only mean something with TLS. */
export const TLS_KEYS = keys<SettingKey>((row) => row.rc?.startsWith('tls.') === true);
/** Settings that hold file paths. */
export const PATH_KEYS = keys<SettingKey>((row) => row.path === true);
export const SECRET_KEYS = keys<SettingKey>((row) => row.secret === true);

/** The default of each setting that has one; the others are absent unless a source gives them. */
export const DEFAULTS: Readonly<Record<string, string | number | boolean>> = Object.fromEntries(
  rows.flatMap((row) => (row.default === undefined ? [] : [[row.key, row.default]])),
);
/** Environment variables for each setting, first set one wins. */
export const ENV_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  rows.flatMap((row) => (row.env === undefined || row.role === 'cli' ? [] : [[row.key, row.env]])),
);

/** One row by key. */
export function settingSpec(key: string): SettingSpec {
  const row = rows.find((candidate) => candidate.key === key);
  if (row === undefined) throw new Error(`no setting ${key}`);
  return row;
}

export type SourceKind = 'flag' | 'env' | 'dotenv' | 'rc' | 'default';

/** Where a value came from, for `mqcli config` and for error messages. */
export interface Source {
  kind: SourceKind;
  /** The flag, variable or file that said it: `--port`, `MQ_URL`, `/home/me/.rabbitclirc`. */
  name: string;
  /** The rc profile, when the value came from one. */
  profile?: string | undefined;
  /** True when the value was part of a URL. */
  viaUrl?: boolean | undefined;
  /** The key that gave it, when another than the setting's own (passwordEnv, passwordCommand). */
  field?: string | undefined;
}

/** A source as the resolver sees it: its values plus, for each, the name to report. */
export interface Layer {
  kind: SourceKind;
  values: RawLayer;
  /** Name reported for a key, e.g. `port` → `MQ_PORT`. */
  nameOf: (key: keyof RawLayer) => string;
  /** Per-key profile attribution (rc files only). */
  profileOf?: (key: keyof RawLayer) => string | undefined;
}

export interface ResolvedSettings {
  connection: ConnectionSettings;
  sources: Record<SettingKey, Source>;
  profile: string | undefined;
  /** The profile was named by --profile, so its keys outrank the environment's. */
  profileOutranksEnv?: boolean | undefined;
  rcFile: string | undefined;
  /** The rc file asks for the password to come from a command, which the loader runs. */
  passwordCommand?: { command: string; where: string } | undefined;
  /** Things to tell the user on stderr (an rc file with a password that others can read…). */
  warnings: string[];
}
