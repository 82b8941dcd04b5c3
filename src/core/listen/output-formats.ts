// The names alone, for the --format choices: `mqcli --help` loads this, and format.ts would bring
// the envelope and its typed-table code with it.
export const FORMATS = ['pretty', 'raw', 'json', 'template'] as const;
export type Format = (typeof FORMATS)[number];
