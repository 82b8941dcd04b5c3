import { ManagementApi, segment } from '../management/client.js';
import { loadRcFile } from '../settings/rc-file.js';
import type { LoadInput } from '../settings/load.js';
import type { NameKind } from './complete.js';

/** How long a tab press may wait for the management API: then it offers no names. */
export const LIVE_TIMEOUT_MS = 1000;
/**
 * A bound on everything else (reading the rc file, loading code), which cannot hang on the
 * network but may be slow on a busy machine: counted apart, so that slowness does not eat the
 * API's second, and still no tab press waits for ever.
 */
const LOCAL_MS = 2000;

/**
 * Queue or exchange names of the vhost, from the management API, for completion. Anything that
 * goes wrong (no rc file, no API, a refused password, a slow answer) gives no names: a tab press
 * never prints an error, and waits for the API at most `timeoutMs`. An rc passwordCommand is not
 * run for it (it could prompt, or take long).
 */
export async function liveNames(kind: NameKind, input: LoadInput, timeoutMs = LIVE_TIMEOUT_MS): Promise<string[]> {
  const lookup = async (): Promise<string[]> => {
    const { loadSettings } = await import('../settings/load.js');
    const { connection } = await loadSettings({ ...input, runPasswordCommand: false });
    const api = new ManagementApi({ ...connection, timeout: Math.min(connection.timeout, timeoutMs) });
    const items = await api.get<{ name: string }[]>(`/api/${kind}/${segment(connection.vhost)}?columns=name`);
    // A name that would break the shell's line-per-candidate reading is left out.
    return items.map((item) => item.name).filter((name) => name !== '' && !/[\x00-\x1f\x7f]/.test(name));
  };
  return withDeadline(lookup(), timeoutMs + LOCAL_MS);
}

/** Profile names of the rc file, or none. */
export async function profileNames(input: Pick<LoadInput, 'configPath' | 'cwd'>, timeoutMs = LOCAL_MS): Promise<string[]> {
  const lookup = async () => Object.keys((await loadRcFile({ configPath: input.configPath, cwd: input.cwd }))?.profiles ?? {});
  return withDeadline(lookup(), timeoutMs);
}

function withDeadline(work: Promise<string[]>, ms: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), ms);
  });
  return Promise.race([work.catch(() => []), late]).finally(() => clearTimeout(timer));
}
