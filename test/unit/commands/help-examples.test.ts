import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import type { Context } from '../../../src/core/context.js';

// Every example in every --help is parsed by the program itself (with each action replaced by a
// no-op), so that none can name a flag that does not exist or a value its parser refuses.

function commands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commands)];
}

/** The help text a user sees, with what addHelpText() adds after it. */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 80 });
  command.outputHelp();
  return text;
}

/** Shell words, with '…' and "…" quoting (enough for our examples); `|`, `&`, `;` are words of their own. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (char === "'" || char === '"') {
      const end = line.indexOf(char, i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (char === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('|&;()'.includes(char)) {
      if (word !== undefined) words.push(word);
      words.push(char);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The mqcli invocations of an example's command column: their arguments, redirections left out. */
function invocations(command: string): string[][] {
  const found: string[][] = [];
  let current: string[] | undefined;
  const words = shellWords(command);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if ('|&;()'.includes(word)) current = undefined;
    else if (word === '<' || word === '>' || word === '<(' || word === '2>') i++;
    else if (word.startsWith('<') || word.startsWith('>')) continue;
    else if (word === 'mqcli' && current === undefined) {
      current = [];
      found.push(current);
    } else current?.push(word);
  }
  return found;
}

/** Each example line of the help: the command column (the description follows after 2+ spaces). */
function examples(help: string): string[] {
  const at = help.indexOf('\nExamples:\n');
  if (at < 0) return [];
  const block = help.slice(at + '\nExamples:\n'.length).split('\n\n')[0] as string;
  return block
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().split(/ {2,}/)[0] as string);
}

const context = { env: {}, stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Context;
const all = commands(buildProgram(context)).flatMap((command) => examples(helpOf(command)).map((example) => [command.name(), example] as const));

describe('help examples', () => {
  it('are found in every command that has them', () => {
    expect(new Set(all.map(([name]) => name))).toEqual(
      new Set(['send', 'listen', 'request', 'browse', 'move', 'copy', 'dump', 'restore', 'completion', 'perf']),
    );
  });

  it.each(all)('%s: `%s` parses', async (_name, example) => {
    const runs = invocations(example);
    expect(runs.length).toBeGreaterThan(0);
    for (const args of runs) {
      const errors: string[] = [];
      const program = buildProgram({ ...context, stderr: { write: (text: string) => errors.push(text) } } as unknown as Context);
      for (const command of commands(program)) command.action(() => {});
      await expect(program.parseAsync(args, { from: 'user' }), `${args.join(' ')}: ${errors.join('')}`).resolves.toBeDefined();
    }
  });

  it('would catch a flag that does not exist', async () => {
    const program = buildProgram(context);
    for (const command of commands(program)) command.action(() => {});
    await expect(program.parseAsync(['listen', 'jobs', '--exec', './handle.sh', '-c', '4'], { from: 'user' })).rejects.toThrow(/unknown option '-c'/);
  });

  it('reads the shell of an example', () => {
    expect(invocations('mqcli listen a --drain --json | mqcli send b --json')).toEqual([
      ['listen', 'a', '--drain', '--json'],
      ['send', 'b', '--json'],
    ]);
    expect(invocations('source <(mqcli completion bash)')).toEqual([['completion', 'bash']]);
    expect(invocations("mqcli listen rpc --exec 'tr a-z A-Z' --reply &")).toEqual([['listen', 'rpc', '--exec', 'tr a-z A-Z', '--reply']]);
    expect(invocations('mqcli request rpc --timeout 5 < query.json')).toEqual([['request', 'rpc', '--timeout', '5']]);
    expect(invocations('mqcli listen jobs --count 10 > ten.txt')).toEqual([['listen', 'jobs', '--count', '10']]);
  });
});
