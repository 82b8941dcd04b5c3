import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { whyUnreadable } from '../file-errors.js';
import { jsonErrorOffset, jsonErrorReason, lineAndColumn } from './parse-error.js';
import { parseRcContent, type RcFile } from './rc-schema.js';

const MODULE = 'rabbitcli';

/** Where rc files are looked for in each folder from the current one up to the home folder. */
export const SEARCH_PLACES = [
  'package.json',
  `.${MODULE}rc`,
  `.${MODULE}rc.json`,
  `.${MODULE}rc.yaml`,
  `.${MODULE}rc.yml`,
  `.${MODULE}rc.js`,
  `.${MODULE}rc.cjs`,
  `.${MODULE}rc.mjs`,
  `${MODULE}.config.js`,
  `${MODULE}.config.cjs`,
  `${MODULE}.config.mjs`,
];

// No `.ts`: cosmiconfig's TypeScript loader breaks with TypeScript 7.
const SUPPORTED_EXTENSIONS = ['', '.json', '.yaml', '.yml', '.js', '.cjs', '.mjs'];

/**
 * Finds and reads the rc file: `configPath` when given, else the first match searching up from
 * `cwd` to the home folder, then the global config folder (~/.config/rabbitcli/config.*).
 */
export async function loadRcFile(options: { configPath?: string | undefined; cwd: string }): Promise<RcFile | undefined> {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  const yaml = wrapLoader(defaultLoaders['.yaml'], yamlLocation);
  const js = wrapLoader(defaultLoaders['.js'], () => undefined);
  const explorer = cosmiconfig(MODULE, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'global',
    cache: false,
    loaders: { '.json': loadJson, '.yaml': yaml, '.yml': yaml, noExt: yaml, '.js': js, '.cjs': js, '.mjs': js },
  });

  if (options.configPath !== undefined) {
    const path = options.configPath;
    if (!existsSync(path)) throw new ConfigError(`config file ${path} does not exist`, { hint: 'Check the path given to --config' });
    if (!SUPPORTED_EXTENSIONS.includes(extname(path))) {
      throw new ConfigError(`config file ${path}: ${extname(path)} files are not supported`, {
        hint: 'Use YAML, JSON or JavaScript (.yaml, .yml, .json, .js, .cjs, .mjs, or no extension)',
      });
    }
    const result = await explorer.load(path).catch((error: unknown) => {
      // A folder, a file we may not read: the path is wrong, not mqcli.
      if (typeof (error as { code?: unknown }).code !== 'string') throw error;
      throw new ConfigError(`cannot read config file ${path}: ${whyUnreadable(error)}`, {
        hint: 'Give --config the rc file itself, e.g. --config ./.rabbitclirc',
      });
    });
    return parseRcContent(result?.config, result?.filepath ?? path);
  }
  const result = await explorer.search(options.cwd);
  if (result === null) return undefined;
  if (extname(result.filepath) === '.ts') {
    throw new ConfigError(`config file ${result.filepath}: .ts files are not supported`);
  }
  return parseRcContent(result.config, result.filepath);
}

type Loader = (filepath: string, content: string) => unknown;

function wrapLoader(loader: Loader, locate: (error: unknown) => string | undefined): Loader {
  return async (filepath, content) => {
    try {
      return await loader(filepath, content);
    } catch (error) {
      const where = locate(error);
      const reason = (error as { reason?: string }).reason ?? firstLine(error);
      // No `cause`: the parser's own error quotes lines of the file, which may hold a password.
      throw new ConfigError(`malformed config file ${filepath}${where ?? ''}: ${oneLine(reason)}`);
    }
  };
}

function loadJson(filepath: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    const offset = jsonErrorOffset(content, error as Error);
    const where = offset === undefined ? '' : formatLocation(lineAndColumn(content, offset));
    const reason = jsonErrorReason(error as Error);
    throw new ConfigError(`malformed config file ${filepath}${where}: ${reason}`);
  }
}

function yamlLocation(error: unknown): string | undefined {
  const mark = (error as { mark?: { line: number; column: number } }).mark;
  return mark === undefined ? undefined : formatLocation({ line: mark.line + 1, column: mark.column + 1 });
}

function formatLocation({ line, column }: { line: number; column: number }): string {
  return `, line ${line} column ${column}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '' && !line.includes('Error in ')) ?? message;
}
