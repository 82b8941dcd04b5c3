import { resolve } from 'node:path';
import { loadRcFile } from './rc-file.js';
import { resolveSettings, type SettingsInput } from './resolve.js';
import type { ResolvedSettings } from './types.js';

export interface LoadInput extends Omit<SettingsInput, 'rc'> {
  configPath: string | undefined;
  cwd: string;
}

/** Reads the rc file (searched, or the one named by --config) and resolves every source. */
export async function loadSettings(input: LoadInput): Promise<ResolvedSettings> {
  const configPath = input.configPath === undefined ? undefined : resolve(input.cwd, input.configPath);
  const rc = await loadRcFile({ configPath, cwd: input.cwd });
  return resolveSettings({ ...input, rc });
}
