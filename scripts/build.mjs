// Builds dist/ with esbuild: our code and commander in one start-up chunk, everything a command
// loads later (amqplib, ora, cosmiconfig, chalk, the commands' own code) in chunks imported on
// demand. One file instead of forty keeps `mqcli --help` close to `node -e 0` (see bench/).
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/index.ts'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded lazily by the commands that need them, and never on the start-up path.
  external: ['amqplib', 'chalk', 'ora', 'cosmiconfig'],
  define: { __MQCLI_VERSION__: JSON.stringify(version) },
  // commander is CommonJS and requires Node's built-ins; give the ESM bundle a require().
  banner: { js: "import { createRequire as __mqcliRequire } from 'node:module'; const require = __mqcliRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
