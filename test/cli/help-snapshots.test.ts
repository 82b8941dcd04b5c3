// Every command's --help, as a user reads it in a pipe or an 80-column terminal, pinned in a file
// beside this one (__snapshots__/help/). A changed help text fails here until the snapshot is
// updated on purpose (`npx vitest run --project cli -u`), so the change shows up in review.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import type { Context } from '../../src/core/context.js';
import { runMain } from '../helpers/in-process.js';

/** The arguments of every command's path, without the program's name: [], ['queue'], ['queue', 'move'] … */
function paths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => paths(sub, [...path, sub.name()]))];
}

const all = paths(buildProgram({} as Context)).map((path) => ({ path, name: ['mqcli', ...path].join(' ') }));

describe('--help', () => {
  it('covers every command', () => expect(all.length).toBeGreaterThan(20));

  it.each(all)('$name --help', async ({ path, name }) => {
    // stdout is no terminal here, so commander wraps at 80 columns, as in a pipe.
    const result = await runMain([...path, '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    await expect(result.stdout).toMatchFileSnapshot(`__snapshots__/help/${name.replaceAll(' ', '-')}.txt`);
  });
});
