import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { loadRcFile } from './rc-file.js';
import type { RcFile } from './rc-schema.js';
import { resolveSettings, type SettingsInput } from './resolve.js';
import type { ResolvedSettings } from './types.js';

export interface LoadInput extends Omit<SettingsInput, 'rc'> {
  configPath: string | undefined;
  cwd: string;
  /** Run an rc file's passwordCommand (not needed just to show the settings). */
  runPasswordCommand?: boolean;
}

/** Reads the rc file (searched, or the one named by --config), resolves every source, and fetches a password from a command when asked to. */
export async function loadSettings(input: LoadInput): Promise<ResolvedSettings> {
  const configPath = input.configPath === undefined ? undefined : resolve(input.cwd, input.configPath);
  const rc = await loadRcFile({ configPath, cwd: input.cwd });
  const resolved = resolveSettings({ ...input, rc });
  const warning = rc === undefined ? undefined : readableSecretsWarning(rc);
  if (warning !== undefined) resolved.warnings.push(warning);
  if (resolved.passwordCommand !== undefined && input.runPasswordCommand !== false) {
    resolved.connection.password = await runPasswordCommand(resolved.passwordCommand.command, resolved.passwordCommand.where);
  }
  return resolved;
}

/** Like ssh with a key file: a password in a file others can read deserves a word. */
function readableSecretsWarning(rc: RcFile): string | undefined {
  if (!rc.hasSecrets || process.platform === 'win32') return undefined;
  const mode = statSync(rc.path, { throwIfNoEntry: false })?.mode;
  if (mode === undefined || (mode & 0o077) === 0) return undefined;
  return `${rc.path} holds a password and other users can read it (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${rc.path}`;
}

const COMMAND_TIMEOUT_MS = 30_000;

/** Runs the rc file's passwordCommand in a shell; the first line it prints is the password. */
function runPasswordCommand(command: string, where: string): Promise<string> {
  return new Promise((done, fail) => {
    // Its stderr and stdout are never shown: they may hold the secret, or parts of it.
    execFile('/bin/sh', ['-c', command], { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error !== null) {
        const why = error.killed ? `did not finish within ${COMMAND_TIMEOUT_MS / 1000} s` : `failed (exit code ${String(error.code ?? 'unknown')})`;
        fail(new ConfigError(`${where} \`${command}\` ${why}`, { hint: 'Run the command yourself to see what is wrong' }));
        return;
      }
      const line = stdout.split(/\r?\n/, 1)[0] ?? '';
      if (line === '') fail(new ConfigError(`${where} \`${command}\` printed no password`));
      else done(line);
    }).stdin?.end();
  });
}
