import type { BaseIssue } from 'valibot';
import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
import { closest } from '../suggest.js';
import { ALTERNATIVES, keysIn } from './rc-keys.js';

/** What the rc schema says went wrong; each becomes one of our messages below. */
export type Code = 'mapping' | 'unknown' | 'string' | 'number' | 'boolean' | 'alternatives' | 'list';

interface Problem {
  message: string;
  hint?: string;
  /** An unknown key and the known one it likely meant. */
  guess?: [typo: string, meant: string];
}

/** Every problem valibot found in the rc file at `file`, as one ConfigError (one line, numbered when there are several). */
export function describeProblems(issues: readonly BaseIssue<unknown>[], file: string): ConfigError {
  const problems = issues.map((issue) => describe(issue, file));
  const [first] = problems;
  if (problems.length === 1 && first !== undefined) return new ConfigError(first.message, { hint: first.hint });
  const message = `${problems.length} problems: ${problems.map((problem, i) => `(${i + 1}) ${problem.message}`).join(' ')}`;
  const guesses = problems.flatMap(({ guess }) => (guess === undefined ? [] : [`'${guess[1]}' for '${oneLine(guess[0])}'`]));
  return new ConfigError(message, { hint: guesses.length > 0 ? `Did you mean ${guesses.join(', ')}?` : undefined });
}

function describe(issue: BaseIssue<unknown>, file: string): Problem {
  const path = (issue.path ?? []).map((item) => String(item.key));
  const inProfile = path[0] === 'profiles' && path.length > 1;
  const where = inProfile ? `profile '${oneLine(path[1] as string)}' in ${file}` : file;
  const at = inProfile ? path.slice(2) : path;
  const name = oneLine(at.join('.'));
  const problem = (message: string): Problem => ({ message });
  switch (issue.message as Code) {
    case 'unknown':
      return unknownKey(at, where, !inProfile);
    case 'string':
      return problem(`${name} in ${where} must be a string`);
    case 'number':
      return problem(`${name} in ${where} must be a number`);
    case 'boolean':
      return problem(`${name} in ${where} must be true or false`);
    case 'list':
      return problem(`${oneLine(at[0] ?? name)} in ${where} must be a list of strings, one per line starting with '- '`);
    case 'alternatives': {
      const value = issue.input as Record<string, unknown>;
      const given = ALTERNATIVES.flatMap((keys) => keys.filter((key) => value[key] !== undefined));
      return problem(`${where} gives both ${given.join(' and ')}; keep one`);
    }
    case 'mapping':
      if (path.length === 0) return problem(`${file} must hold a mapping of settings`);
      if (path.length === 1 && path[0] === 'profiles') return problem(`profiles in ${file} must be a mapping of profile names to settings`);
      if (at.length === 0) return problem(`${where} must be a mapping of settings`);
      return problem(`${name} in ${where} must be a mapping (${keysIn(at).join(', ')})`);
  }
}

function unknownKey(at: readonly string[], where: string, topLevel: boolean): Problem {
  const parent = at.slice(0, -1);
  const prefix = parent.map((key) => `${key}.`).join('');
  const known = [...keysIn(parent), ...(topLevel && parent.length === 0 ? ['profiles'] : [])].map((key) => `${prefix}${key}`);
  const key = at.join('.');
  const guess = closest(key, known);
  return {
    message: `unknown key '${oneLine(key)}' in ${where}`,
    hint: `${guess === undefined ? '' : `Did you mean '${guess}'? `}Known keys: ${known.join(', ')}`,
    guess: guess === undefined ? undefined : [key, guess],
  };
}
