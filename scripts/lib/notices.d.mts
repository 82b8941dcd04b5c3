// Types of notices.mjs, for the TypeScript tests that import it.

export interface Metafile {
  inputs: Record<string, unknown>;
}

export function bundledPackages(metafile: Metafile): string[];
export function thirdPartyNotices(metafile: Metafile, root: string): string;
