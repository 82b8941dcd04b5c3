import { Option, type Command } from 'commander';
import { SETTINGS, type HelpGroup, type SettingSpec } from '../core/settings/spec.js';
import { LAYER_KEYS, type FlagValues, type RawLayer } from '../core/settings/types.js';
import { collect, integer } from './parsers.js';

/** The options every command takes, defined once on the program from the settings table. */
export type GlobalOptions = FlagValues;

const HEADINGS: Record<HelpGroup, string> = {
  connection: 'Connection options (also MQ_* variables, .env, .rabbitclirc):',
  tls: 'TLS options (amqps:// URLs):',
  output: 'Output options:',
};

// No commander defaults here: a default would hide the environment and rc file (the resolver
// applies defaults last).
export function addGlobalOptions(program: Command): Command {
  const rows: readonly SettingSpec[] = SETTINGS;
  for (const [group, heading] of Object.entries(HEADINGS)) {
    program.optionsGroup(heading);
    const members = rows.filter((row) => row.flag?.group === group);
    const ranked = members.toSorted((a, b) => (a.flag?.rank ?? 0) - (b.flag?.rank ?? 0));
    for (const row of ranked) program.addOption(optionOf(row));
  }
  return program.optionsGroup('Options:');
}

function optionOf({ flag, rule, choices, list }: SettingSpec): Option {
  const option = new Option(flag?.flags ?? '', flag?.description);
  if (list === 'repeatable') option.argParser(collect());
  if (rule !== undefined && flag?.ownedBy === undefined) option.argParser(integer(rule));
  if (choices !== undefined) option.choices(choices);
  return option;
}

/** The flags the settings resolver takes: every layer key, and the profile. */
export function connectionFlags(options: GlobalOptions): RawLayer & { profile?: string | undefined } {
  const flags: Record<string, unknown> = { profile: options.profile };
  for (const key of LAYER_KEYS) flags[key] = options[key as keyof GlobalOptions];
  return flags;
}
