import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** What `restore --resume` needs: which dump, and how many of its messages, from the first, were confirmed. */
export interface ResumeState {
  sha256: string;
  confirmed: number;
}

/** The state file beside the dump. */
export const stateFileOf = (file: string): string => `${file}.restore-state`;

/**
 * Where --resume starts: after what the state file says was confirmed; it must be of this very
 * dump. No state file: nothing was known to be confirmed (a restore killed before its first 500), so from the start.
 */
export function readResume(file: string, sha256: string): number {
  const path = stateFileOf(file);
  if (!existsSync(path)) return 0;
  let state: ResumeState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as ResumeState;
  } catch (error) {
    throw new UsageError(`--resume: ${path} cannot be read: ${(error as Error).message}`);
  }
  if (state.sha256 !== sha256) throw new UsageError(`--resume: ${path} belongs to another dump (its checksum differs)`);
  return state.confirmed;
}

/** Replaces the state file in one step (write beside, rename): a kill leaves the old one or the new one. */
export function writeResume(file: string, state: ResumeState): void {
  const path = stateFileOf(file);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state)}\n`);
  renameSync(`${path}.tmp`, path);
}
