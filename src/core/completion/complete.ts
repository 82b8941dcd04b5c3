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
  const current = words.at(-1) ?? '';
  const path: CommandSpec[] = [root];
  const values: Record<string, string> = {};
  let positional = 0;
  let pending: OptionSpec | undefined;
  let literal = false;
  for (const word of words.slice(0, -1)) {
    const command = path.at(-1) as CommandSpec;
    if (pending !== undefined) {
      values[pending.key] = word;
      pending = undefined;
    } else if (!literal && word === '--') literal = true;
    else if (!literal && word.startsWith('-') && word !== '-') {
      const [name, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
      const option = findOption(path, name);
      if (option?.takesValue && inline === undefined) pending = option;
      else if (option !== undefined) values[option.key] = inline ?? 'true';
    } else {
      const sub = positional === 0 && !literal ? command.commands.find((candidate) => candidate.name === word) : undefined;
      if (sub !== undefined) path.push(sub);
      else positional++;
    }
  }
  const none: Completion = { candidates: [], files: false };
  const offer = (candidates: readonly string[]): Completion => ({ candidates: candidates.filter((item) => item.startsWith(current)), files: false });
  if (pending !== undefined) {
    if (pending.choices !== undefined) return offer(pending.choices);
    if (pending.key === 'profile') return offer(await sources.profiles(values));
    const kind = OPTION_NAMES[pending.key];
    if (kind !== undefined) return offer(await sources.names(kind, values));
    return FILE_OPTIONS.has(pending.key) ? { candidates: [], files: true } : none;
  }
  const command = path.at(-1) as CommandSpec;
  // The command's own options first, then those of the commands above it.
  if (current.startsWith('-') && !literal)
    return offer(path.toReversed().flatMap((spec) => spec.options.flatMap((option) => option.names.filter((name) => name.startsWith('--')))));
  if (command.commands.length > 0 && positional === 0) return offer(command.commands.map((sub) => sub.name));
  const commandPath = path
    .slice(1)
    .map((spec) => spec.name)
    .join(' ');
  // With --exchange, send's first argument is a routing key, not a queue.
  if (commandPath === 'send' && values.exchange !== undefined) return none;
  const kind = POSITIONAL_NAMES[commandPath]?.[positional];
  return kind === undefined ? none : offer(await sources.names(kind, values));
}

/** An option of the command or of any command above it (global options live on the program). */
function findOption(path: readonly CommandSpec[], name: string): OptionSpec | undefined {
  for (const spec of path.toReversed()) {
    const option = spec.options.find((candidate) => candidate.names.includes(name));
    if (option !== undefined) return option;
  }
  return undefined;
}
