import { describe, expect, it } from 'vitest';
import { type CommandSpec, complete, type NameKind, type OptionSpec } from '../../src/core/completion/complete.js';
import { completionScript } from '../../src/core/completion/scripts.js';
import { runMain } from '../helpers/in-process.js';

const option = (names: string[], takesValue = false, choices?: string[]): OptionSpec => ({
  names,
  takesValue,
  key: names[0]?.replace(/^--/, '').replace(/-(.)/g, (_, c: string) => c.toUpperCase()) ?? '',
  choices,
});
const leaf = (name: string, options = [option(['--json'])]): CommandSpec => ({ name, options, commands: [] });
const ROOT: CommandSpec = {
  name: 'mqcli',
  options: [option(['--profile'], true), option(['--host'], true), option(['--config'], true), option(['--verbose', '-v'])],
  commands: [
    leaf('listen', [option(['--format'], true, ['pretty', 'raw']), option(['--exchange', '-e'], true), option(['--drain'])]),
    leaf('send', [option(['--exchange', '-e'], true), { ...option(['--file', '-f'], true), variadic: true }, option(['--repeat'], true)]),
    { name: 'queue', options: [], commands: [leaf('info'), leaf('move'), leaf('bind'), leaf('declare')] },
  ],
};

/** Sources that say what was asked, so each case shows where its names came from. */
const asked: { kind?: NameKind; values?: Record<string, string> }[] = [];
const SOURCES = {
  profiles: async (values: Record<string, string>) => {
    asked.push({ values });
    return ['prod', 'staging'];
  },
  names: async (kind: NameKind, values: Record<string, string>) => {
    asked.push({ kind, values });
    return kind === 'queues' ? ['orders', 'other'] : ['events', 'amq.topic'];
  },
};
const run = async (line: string) => {
  const result = await complete(ROOT, line.split(' '), SOURCES);
  return result.files ? ['<files>', ...result.candidates] : result.candidates;
};

describe('complete()', () => {
  it.each([
    ['', ['listen', 'send', 'queue']],
    ['l', ['listen']],
    ['-', ['--profile', '--host', '--config', '--verbose']],
    ['--pro', ['--profile']],
    ['--profile ', ['prod', 'staging']],
    ['--profile s', ['staging']],
    ['--profile prod l', ['listen']],
    ['-v queue ', ['info', 'move', 'bind', 'declare']],
    ['queue i', ['info']],
    ['queue info ', ['orders', 'other']],
    ['queue info o', ['orders', 'other']],
    ['queue info orders ', []],
    ['queue move orders ', ['orders', 'other']],
    ['queue bind orders ', ['events', 'amq.topic']],
    ['queue bind orders e', ['events']],
    ['queue declare ', []],
    ['listen ', ['orders', 'other']],
    ['listen --', ['--format', '--exchange', '--drain', '--profile', '--host', '--config', '--verbose']],
    ['listen --format ', ['pretty', 'raw']],
    ['listen --format r', ['raw']],
    ['listen --format=raw ', ['orders', 'other']],
    ['listen --exchange ', ['events', 'amq.topic']],
    ['listen -e ev', ['events']],
    ['listen --drain ', ['orders', 'other']],
    ['send o', ['orders', 'other']],
    ['send --exchange events ', []],
    ['send orders ', []],
    ['send --file ', ['<files>']],
    ['send --repeat ', []],
    ['--config ', ['<files>']],
    ['send -- -', []],
    ['nosuch ', []],
    // --opt=value, whole (zsh, fish) or split at = (bash)
    ['listen --format=', ['--format=pretty', '--format=raw']],
    ['listen --format=r', ['--format=raw']],
    ['listen --format =', ['=pretty', '=raw']],
    ['listen --format = r', ['raw']],
    ['listen --format = raw ', ['orders', 'other']],
    ['listen --exchange=e', ['--exchange=events']],
    ['--config=', []],
    // a variadic option takes the words after it until an option
    ['send orders --file a.json ', ['<files>']],
    ['send orders --file a.json --r', ['--repeat']],
  ])('%j → %j', async (line, expected) => expect(await run(line)).toEqual(expected));

  it('hands the options typed so far to the live lookups (a profile, a host)', async () => {
    asked.length = 0;
    await run('--profile prod listen --host h --exchange ');
    expect(asked).toEqual([{ kind: 'exchanges', values: { profile: 'prod', host: 'h' } }]);
  });
});

describe('mqcli completion and __complete (wiring)', () => {
  it.each(['bash', 'zsh', 'fish'])('completion %s prints its script on stdout', async (shell) => {
    const result = await runMain(['completion', shell]);
    expect(result).toEqual({ code: 0, stdout: completionScript(shell as 'bash'), stderr: '' });
    expect(result.stdout).toContain('mqcli __complete --');
  });

  it('an unknown shell is exit 2', async () => {
    const result = await runMain(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });

  it('__complete is hidden from help, and walks the real command tree', async () => {
    expect((await runMain(['--help'])).stdout).not.toContain('__complete');
    expect((await runMain(['--help'])).stdout).toContain('completion');
    expect(await runMain(['__complete', '--', 'queue', 'p'])).toEqual({ code: 0, stdout: 'purge\n:0\n', stderr: '' });
    expect((await runMain(['__complete', '--', 'listen', '--format', ''])).stdout).toBe('pretty\nraw\njson\ntemplate\n:0\n');
    // options the program itself knows are words here, not options of __complete
    expect((await runMain(['__complete', '--', '--vhost', 'x', 'queue', 'list', '--fi'])).stdout).toBe('--filter\n:0\n');
    expect((await runMain(['__complete', '--', 'send', 'q', '--file', ''])).stdout).toBe(':1\n');
  });

  it('with no broker and no API, a live name lookup gives nothing, without a word on stderr', async () => {
    expect(await runMain(['__complete', '--', 'listen', ''], { env: { MQ_API_URL: 'http://127.0.0.1:1' } })).toEqual({ code: 0, stdout: ':0\n', stderr: '' });
  });
});
