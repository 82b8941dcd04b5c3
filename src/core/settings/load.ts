import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration } from '../../ui/format.js';
import { ConfigError } from '../errors.js';
import { oneLine } from '../escape.js';
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
    resolved.connection.password = await runPasswordCommand(resolved.passwordCommand.command, resolved.passwordCommand.where, resolved.connection.timeout);
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

/**
 * Runs the rc file's passwordCommand in a shell; the first line it prints is the password. It
 * gets the connect timeout (--timeout) to answer: then its whole process group is killed, so a
 * child of the shell (`sleep 100; echo pw`) cannot hold on to its stdout and keep us waiting.
 */
function runPasswordCommand(command: string, where: string, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    const failed = (why: string) => fail(new ConfigError(`${where} \`${oneLine(command)}\` ${why}`, { hint: 'Run the command yourself to see what is wrong' }));
    // Its stderr and stdout are never shown: they may hold the secret, or parts of it.
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'ignore'], detached: true, windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      failed(`did not finish within the connect timeout (${formatDuration(timeoutMs)}, --timeout); it was killed`);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) chunks.push(chunk);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      failed(`could not start: ${error.message}`);
    });
    // 'close': the shell is gone and so is every holder of its stdout; the timer bounds the wait.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return failed(signal === null ? `failed (exit code ${String(code)})` : `was killed by ${signal}`);
      const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
      if (line === '') failed('printed no password');
      else done(line);
    });
  });
}

const MAX_OUTPUT_BYTES = 1024 * 1024;
