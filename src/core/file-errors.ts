/**
 * Why a file could not be read, in a few words: `no such file`, `permission denied`,
 * `it is a folder`, or Node's own message. One wording for every file mqcli reads.
 */
export function whyUnreadable(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}
