import { Argument, Command, type Option } from 'commander';
import type { CommandSpec, OptionSpec } from '../core/completion/complete.js';
import { connectionFlags, type GlobalOptions } from './global-options.js';
import { action, type Context } from './runtime.js';

const SHELLS = ['bash', 'zsh', 'fish'];

/** `mqcli completion bash|zsh|fish`: prints the script that makes the shell complete mqcli. */
export function completionCommand(context: Context): Command {
  return new Command('completion')
    .description('print a shell script that completes commands, options and live queue and exchange names')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `
Examples:
  source <(mqcli completion bash)              in ~/.bashrc
  source <(mqcli completion zsh)               in ~/.zshrc, after compinit
  mqcli completion fish > ~/.config/fish/completions/mqcli.fish`,
    )
    .action(
      action(context, async (run, shell: 'bash' | 'zsh' | 'fish') => {
        const { completionScript } = await import('../core/completion/scripts.js');
        run.stdout.write(completionScript(shell));
        return 0;
      }),
    );
}

/**
 * `mqcli __complete -- <words…>`, hidden: what the scripts call on each tab press. It prints the
 * candidates for the last word, one a line, then `:1` when file names fit or `:0`. Never an error.
 */
export function completeCommand(context: Context): Command {
  return new Command('__complete')
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (words: string[], _options: unknown, self: Command) => {
      const root = rootOf(self);
      const { complete } = await import('../core/completion/complete.js');
      const { liveNames, profileNames } = await import('../core/completion/live.js');
      const load = (values: Record<string, string>) => ({
        flags: connectionFlags(globalsOf(root, values)),
        configPath: values.config,
        env: context.env,
        dotenvKeys: context.dotenvKeys,
        cwd: context.cwd,
      });
      const result = await complete(specOf(root), words.length === 0 ? [''] : words, {
        profiles: (values) => profileNames(load(values)),
        names: (kind, values) => liveNames(kind, load(values)),
      }).catch(() => ({ candidates: [], files: false }));
      context.stdout.write([...result.candidates, result.files ? ':1' : ':0'].map((line) => `${line}\n`).join(''));
    });
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return root;
}

/** The command tree as completion needs it, from commander's own: nothing to keep in step by hand. */
function specOf(command: Command): CommandSpec {
  return {
    name: command.name(),
    options: [...command.options.filter((option) => !option.hidden).map(optionSpec), { names: ['--help', '-h'], takesValue: false, key: 'help' }],
    commands: command.commands.filter((sub) => !sub.name().startsWith('__')).map(specOf),
  };
}

function optionSpec(option: Option): OptionSpec {
  return {
    names: [option.long, option.short].filter((name): name is string => name !== undefined),
    takesValue: option.required || option.optional,
    key: option.attributeName(),
    choices: option.argChoices,
    variadic: option.variadic,
  };
}

/** The program's options among the words typed, parsed as commander would, for the live lookups. */
function globalsOf(root: Command, values: Record<string, string>): GlobalOptions {
  const globals: Record<string, unknown> = {};
  for (const option of root.options) {
    const key = option.attributeName();
    const value = values[key];
    if (value === undefined) continue;
    try {
      globals[key] = option.negate ? false : option.parseArg === undefined ? value : option.parseArg(value, undefined);
    } catch {
      // A value commander would refuse: leave it to the defaults.
    }
  }
  return globals as GlobalOptions;
}
