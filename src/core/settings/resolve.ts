import { resolve as resolvePath } from 'node:path';
import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { optionName } from '../option-names.js';
import { describeSource } from './describe.js';
import type { RcFile } from './rc-schema.js';
import { parseUrlList, splitList } from './url-list.js';
import {
  CONNECTION_KEYS,
  DEFAULTS,
  ENV_NAMES,
  FIELD_KEYS,
  PATH_KEYS,
  settingSpec,
  type ConnectionSettings,
  type Layer,
  type RawLayer,
  type ResolvedSettings,
  type SettingKey,
  type Source,
} from './types.js';
import { checkApiUrl, checkChoice, checkInteger, checkTls, defaultApiUrl } from './validate.js';

export interface SettingsInput {
  /** Values given on the command line (already parsed by the flag parsers). */
  flags: RawLayer & { profile?: string | undefined };
  env: Readonly<Record<string, string | undefined>>;
  /** Which of the variables in `env` were read from `.env` rather than set by the caller. */
  dotenvKeys?: ReadonlySet<string>;
  rc?: RcFile | undefined;
  /** Where relative file paths given as flags start from. */
  cwd?: string | undefined;
}

/**
 * Merges every source into connection settings, highest first: flags > a profile named by
 * --profile > environment > .env > rc file (a profile named by MQ_PROFILE over the top level) >
 * defaults. A URL sets every part it states; a field given on its own overrides that part of a
 * URL from the same or a lower source. Pure: no I/O.
 */
export function resolveSettings(input: SettingsInput): ResolvedSettings {
  if (input.rc !== undefined) checkRcFile(input.rc);
  const profile = selectProfile(input);
  const [top, chosen] = rcLayers(input.rc, profile);
  // A profile asked for on the command line is a flag: it outranks the environment for the keys
  // it sets (as the AWS CLI's --profile does); chosen by MQ_PROFILE it stays with its file.
  const byFlag = input.flags.profile !== undefined;
  const layers: Layer[] = [
    ...(top === undefined ? [] : [top]),
    ...(chosen === undefined || byFlag ? [] : [chosen]),
    envLayer(input.env, input.dotenvKeys, 'dotenv'),
    envLayer(input.env, input.dotenvKeys, 'env'),
    ...(chosen !== undefined && byFlag ? [chosen] : []),
    { kind: 'flag', values: input.flags, nameOf: optionName },
  ];

  const values: Record<string, string | number | boolean> = { ...DEFAULTS };
  const sources = Object.fromEntries(CONNECTION_KEYS.map((key) => [key, { kind: 'default', name: 'default' }])) as Record<SettingKey, Source>;
  let passwordCommand: string | undefined;
  // The nodes of a URL or host list; a port left out is the merged port.
  let nodes: { host: string; port?: number }[] = [];

  for (const layer of layers) {
    const source = (key: keyof RawLayer, viaUrl = false): Source => ({
      kind: layer.kind,
      name: layer.nameOf(key),
      profile: layer.profileOf?.(key),
      viaUrl,
      field: key === 'passwordEnv' || key === 'passwordCommand' ? key : undefined,
    });
    if (layer.values.url !== undefined) {
      const typed = layer.kind === 'flag' || layer.kind === 'rc';
      const { parts, endpoints } = parseUrlList(layer.values.url, describeSource(source('url'), 'url'), typed);
      nodes = endpoints;
      for (const [key, value] of Object.entries(parts)) {
        if (value === undefined) continue;
        values[key] = value;
        sources[key as SettingKey] = source('url', true);
      }
    }
    for (const key of FIELD_KEYS) {
      const value = layer.values[key];
      if (value === undefined) continue;
      if (key === 'host') {
        // `--host a,b,c`: one port for every node.
        nodes = splitList(String(value), describeSource(source('host'), 'host')).map((host) => ({ host }));
        values.host = (nodes[0] as { host: string }).host;
        sources.host = source('host');
        continue;
      }
      // A port given on its own is every node's port, as it is a single URL's.
      if (key === 'port') nodes = nodes.map(({ host }) => ({ host }));
      values[key] =
        (PATH_KEYS as readonly string[]).includes(key) && layer.kind === 'flag' && input.cwd !== undefined ? resolvePath(input.cwd, String(value)) : value;
      sources[key] = source(key);
    }
    const { passwordEnv } = layer.values;
    if (passwordEnv !== undefined) {
      const secret = nonEmpty(input.env[passwordEnv]);
      if (secret === undefined) throw new ConfigError(`${describeSource(source('passwordEnv'))} names ${passwordEnv}, which is not set`);
      values.password = secret;
      sources.password = source('passwordEnv');
    }
    if (layer.values.passwordCommand !== undefined) {
      passwordCommand = layer.values.passwordCommand;
      values.password = '';
      sources.password = source('passwordCommand');
    }
  }

  const fields = CONNECTION_KEYS.map((key) => [key, checked(key, values[key], sources[key])]);
  const connection = Object.fromEntries(fields) as unknown as ConnectionSettings;
  connection.endpoints =
    nodes.length === 0 ? [{ host: connection.host, port: connection.port }] : nodes.map(({ host, port }) => ({ host, port: port ?? connection.port }));
  connection.apiUrl = values.apiUrl === undefined ? defaultApiUrl(connection) : checkApiUrl(String(values.apiUrl), describeSource(sources.apiUrl, 'apiUrl'));
  checkTls(connection, sources);
  const fromCommand = passwordCommand !== undefined && sources.password.field === 'passwordCommand';
  return {
    connection,
    sources,
    profile,
    profileOutranksEnv: profile !== undefined && byFlag,
    rcFile: input.rc?.path,
    passwordCommand: fromCommand ? { command: passwordCommand as string, where: describeSource(sources.password) } : undefined,
    warnings: [],
  };
}

/** One merged value, checked by its row: a whole number in range, one of its choices, a flag. */
function checked(key: SettingKey, value: string | number | boolean | undefined, source: Source): string | number | boolean | undefined {
  const spec = settingSpec(key);
  const where = () => describeSource(source, key);
  if (spec.type === 'boolean') return value === true;
  if (value === undefined) return undefined;
  if (spec.rule !== undefined) return checkInteger(value as string | number, spec.rule, where);
  if (spec.choices !== undefined) return checkChoice(String(value), spec.choices, where);
  return String(value);
}

/**
 * Every value of the rc file, its profiles included, checked as if it were used: a broken file is
 * an error even where a flag, the environment or another profile would override it.
 */
function checkRcFile(rc: RcFile): void {
  const layers: [string | undefined, RawLayer][] = [[undefined, rc.values], ...Object.entries(rc.profiles)];
  for (const [profile, values] of layers) {
    const source = (key: string): Source => ({ kind: 'rc', name: rc.path, profile, viaUrl: key === 'url' });
    if (values.url !== undefined) parseUrlList(values.url, describeSource(source('url'), 'url'), true);
    for (const key of FIELD_KEYS) {
      const value = values[key];
      if (value === undefined) continue;
      if (key === 'host') splitList(String(value), describeSource(source(key), key));
      else if (key === 'apiUrl') checkApiUrl(String(value), describeSource(source(key), key));
      else checked(key, value, source(key));
    }
  }
}

function selectProfile({ flags, env, rc }: SettingsInput): string | undefined {
  const variable = settingSpec('profile').env?.find((candidate) => nonEmpty(env[candidate]) !== undefined);
  const name = flags.profile ?? (variable === undefined ? undefined : env[variable]);
  if (name === undefined) return undefined;
  const askedBy = flags.profile !== undefined ? '--profile' : (variable as string);
  if (rc === undefined) {
    throw new ConfigError(`profile '${oneLine(name)}' (from ${askedBy}) needs an rc file, and none was found`, {
      hint: 'Create .rabbitclirc with a profiles: section (see .rabbitclirc.example), or pass --config <file>',
    });
  }
  if (!Object.hasOwn(rc.profiles, name)) {
    const known = Object.keys(rc.profiles);
    throw new ConfigError(`profile '${oneLine(name)}' (from ${askedBy}) is not defined in ${rc.path}`, {
      hint: known.length > 0 ? `Defined profiles: ${oneLine(known.join(', '))}` : 'That file defines no profiles',
    });
  }
  return name;
}

/** The file's top level, and the chosen profile as a source of its own. */
function rcLayers(rc: RcFile | undefined, profile: string | undefined): [Layer | undefined, Layer | undefined] {
  if (rc === undefined) return [undefined, undefined];
  const top: Layer = { kind: 'rc', values: rc.values, nameOf: () => rc.path };
  if (profile === undefined) return [top, undefined];
  return [top, { kind: 'rc', values: rc.profiles[profile] ?? {}, nameOf: () => rc.path, profileOf: () => profile }];
}

function envLayer(env: SettingsInput['env'], dotenvKeys: ReadonlySet<string> | undefined, kind: 'env' | 'dotenv'): Layer {
  const values: RawLayer = {};
  const names: Partial<Record<keyof RawLayer, string>> = {};
  for (const [key, candidates] of Object.entries(ENV_NAMES) as [keyof RawLayer, readonly string[]][]) {
    const name = candidates.find((candidate) => {
      const fromDotenv = dotenvKeys?.has(candidate) ?? false;
      return nonEmpty(env[candidate]) !== undefined && fromDotenv === (kind === 'dotenv');
    });
    if (name === undefined) continue;
    (values as Record<string, unknown>)[key] = env[name];
    names[key] = name;
  }
  return { kind, values, nameOf: (key) => names[key] ?? key };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
