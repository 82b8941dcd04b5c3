// What to offer for the word under the cursor, from a plain description of the command tree
// (src/commands/completion.ts builds it from commander's own, so a new option completes by itself).

/** An option as completion sees it. */
export interface OptionSpec {
  /** `--format`, and `-f` when it has a short form. */
  names: string[];
  /** Its value is the next word. */
  takesValue: boolean;
  /** commander's attribute name (`apiUrl`), for the values the live lookups need. */
  key: string;
  choices?: readonly string[] | undefined;
  /** `--file <path...>`: the words after it are values too, until an option. */
  variadic?: boolean | undefined;
}

export interface CommandSpec {
  name: string;
  options: OptionSpec[];
  commands: CommandSpec[];
}

export type NameKind = 'queues' | 'exchanges';

/** Where values that are not in the tree come from; each may give nothing, never throws. */
export interface Sources {
  profiles(values: Record<string, string>): Promise<string[]>;
  names(kind: NameKind, values: Record<string, string>): Promise<string[]>;
}

/** The candidates, and whether the shell should offer file names instead. */
export interface Completion {
  candidates: string[];
  files: boolean;
}

// Which positional arguments name a queue or an exchange, by command path.
const POSITIONAL_NAMES: Record<string, NameKind[]> = {
  listen: ['queues'],
  send: ['queues'],
  request: ['queues'],
  'queue info': ['queues'],
  'queue purge': ['queues'],
  'queue delete': ['queues'],
  'queue move': ['queues', 'queues'],
  'queue bind': ['queues', 'exchanges'],
  'queue unbind': ['queues', 'exchanges'],
  'exchange delete': ['exchanges'],
  'exchange bind': ['exchanges', 'exchanges'],
  'exchange unbind': ['exchanges', 'exchanges'],
};
const OPTION_NAMES: Record<string, NameKind> = { exchange: 'exchanges' };
const FILE_OPTIONS = new Set(['file', 'config', 'ca', 'cert', 'key']);

/** The completion of `words` (what follows `mqcli`; the last one is the word being typed). */
export async function complete(root: CommandSpec, words: readonly string[], sources: Sources): Promise<Completion> {
  const typed = words.at(-1) ?? '';
  const state = walk(root, words.slice(0, -1));
  const none: Completion = { candidates: [], files: false };
  // An option's value after `=`: `--format=r` (zsh, fish), or `=` alone when bash split it off.
  const inline = /^(--[^=]+)=(.*)$/s.exec(typed);
  const inlineOption = inline === null ? undefined : findOption(state.path, inline[1] as string);
  const [option, prefix, current] =
    state.pending !== undefined && typed === '='
      ? [state.pending, '=', '']
      : inlineOption?.takesValue
        ? [inlineOption, `${inline?.[1]}=`, inline?.[2] ?? '']
        : [state.pending ?? (typed.startsWith('-') ? undefined : state.more), '', typed];
  const offer = (candidates: readonly string[]): Completion => ({
    candidates: candidates.filter((item) => item.startsWith(current)).map((item) => prefix + item),
    files: false,
  });
  if (option !== undefined) {
    if (option.choices !== undefined) return offer(option.choices);
    if (option.key === 'profile') return offer(await sources.profiles(state.values));
    const kind = OPTION_NAMES[option.key];
    if (kind !== undefined) return offer(await sources.names(kind, state.values));
    return FILE_OPTIONS.has(option.key) && prefix === '' ? { candidates: [], files: true } : none;
  }
  const command = state.path.at(-1) as CommandSpec;
  // The command's own options first, then those of the commands above it.
  if (current.startsWith('-') && !state.literal) {
    return offer(state.path.toReversed().flatMap((spec) => spec.options.flatMap((item) => item.names.filter((name) => name.startsWith('--')))));
  }
  if (command.commands.length > 0 && state.positional === 0) return offer(command.commands.map((sub) => sub.name));
  const commandPath = state.path
    .slice(1)
    .map((spec) => spec.name)
    .join(' ');
  // With --exchange, send's first argument is a routing key, not a queue.
  if (commandPath === 'send' && state.values.exchange !== undefined) return none;
  const kind = POSITIONAL_NAMES[commandPath]?.[state.positional];
  return kind === undefined ? none : offer(await sources.names(kind, state.values));
}

interface WalkState {
  /** The command and the commands above it, down from the program. */
  path: CommandSpec[];
  /** Option values typed so far, by key. */
  values: Record<string, string>;
  positional: number;
  /** The option whose value comes next. */
  pending: OptionSpec | undefined;
  /** A variadic option (`--file a b`) that takes the next word too, unless it is an option. */
  more: OptionSpec | undefined;
  /** After `--`: only arguments. */
  literal: boolean;
}

/** Reads the words before the cursor as commander would: commands, options with their values, arguments. */
function walk(root: CommandSpec, words: readonly string[]): WalkState {
  const state: WalkState = { path: [root], values: {}, positional: 0, pending: undefined, more: undefined, literal: false };
  for (const word of words) {
    const option = state.pending ?? (word.startsWith('-') ? undefined : state.more);
    // bash splits `--format=raw` into three words: the `=` changes nothing.
    if (state.pending !== undefined && word === '=') continue;
    if (option !== undefined) {
      state.values[option.key] = word;
      state.pending = undefined;
      state.more = option.variadic ? option : undefined;
      continue;
    }
    state.more = undefined;
    if (!state.literal && word === '--') state.literal = true;
    else if (!state.literal && word.startsWith('-') && word !== '-') {
      const at = word.indexOf('=');
      const found = findOption(state.path, at === -1 ? word : word.slice(0, at));
      if (found?.takesValue && at === -1) state.pending = found;
      else if (found !== undefined) state.values[found.key] = at === -1 ? 'true' : word.slice(at + 1);
    } else {
      const command = state.path.at(-1) as CommandSpec;
      const sub = state.positional === 0 && !state.literal ? command.commands.find((candidate) => candidate.name === word) : undefined;
      if (sub !== undefined) state.path.push(sub);
      else state.positional++;
    }
  }
  return state;
}

/** An option of the command or of any command above it (global options live on the program). */
function findOption(path: readonly CommandSpec[], name: string): OptionSpec | undefined {
  for (const spec of path.toReversed()) {
    const option = spec.options.find((candidate) => candidate.names.includes(name));
    if (option !== undefined) return option;
  }
  return undefined;
}
