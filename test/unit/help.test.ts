import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import type { Context } from '../../src/core/context.js';

/** Every command of the program, with its path (`mqcli exchange bind`). */
function commands(command: Command, path = command.name()): [string, Command][] {
  return [[path, command], ...command.commands.flatMap((sub) => commands(sub, `${path} ${sub.name()}`))];
}

// The help a user sees in an 80-column terminal or a pipe (examples added after it are not wrapped).
const all = commands(buildProgram({} as Context)).map(([path, command]) => {
  command.configureOutput({ getOutHelpWidth: () => 80 });
  return [path, command.helpInformation()] as const;
});

describe('help', () => {
  it.each(all)('%s fits in 80 columns', (_path, help) => {
    expect(help.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it('speaks of an exchange and a queue with the right article', () => {
    const text = all.map(([, help]) => help).join('\n');
    expect(text).not.toMatch(/\ba exchange\b/);
    expect(text).toContain('bind an exchange to a source exchange');
    expect(text).toContain('remove the binding of an exchange');
    expect(text).toContain('bind a queue to a source exchange');
  });
});
