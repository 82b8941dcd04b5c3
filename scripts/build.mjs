// Builds dist/ with esbuild: our code and commander in one start-up chunk, everything a command
// loads later (amqplib, ora, cosmiconfig, chalk, the commands' own code) in chunks imported on
// demand. One file instead of forty keeps `mqcli --help` close to `node -e 0` (see bench/).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { thirdPartyNotices } from './lib/notices.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * commander requires node:child_process as it loads, for executable subcommands, which mqcli has
 * none of; loading it (net, streams) was several ms of every start, --help and completion's
 * included. commander gets a stand-in that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let real; module.exports = { spawn: (...args) => (real ??= require('node:child_process')).spawn(...args) };",
      loader: 'js',
    }));
  },
};

/**
 * An ESM import of node:fs makes Node build the module's ESM face, reading every export, and
 * fs.ReadStream's getter loads all of node:stream: a few ms of every start. Our code gets node:fs
 * through require() instead, which reads each export only when it is used.
 */
const fsThroughRequire = {
  name: 'fs-through-require',
  setup(build) {
    build.onResolve({ filter: /^node:fs$/ }, (args) => {
      if (args.namespace === 'fs-through-require') return { path: 'node:fs', external: true };
      return args.importer.includes('node_modules') ? undefined : { path: 'fs', namespace: 'fs-through-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fs-through-require' }, () => ({ contents: "module.exports = require('node:fs');", loader: 'js' }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: ['src/index.ts'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded lazily by the commands that need them, and never on the start-up path.
  external: ['amqplib', 'chalk', 'ora', 'cosmiconfig', 'hdr-histogram-js', 'yaml', '@jmespath-community/jmespath'],
  define: { __MQCLI_VERSION__: JSON.stringify(version) },
  // commander is CommonJS and requires Node's built-ins; give the ESM bundle a require().
  banner: { js: "import { createRequire as __mqcliRequire } from 'node:module'; const require = __mqcliRequire(import.meta.url);" },
  plugins: [lazyChildProcess, fsThroughRequire],
  // The licences of what is bundled go to THIRD-PARTY-NOTICES instead (scripts/lib/notices.mjs).
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(new URL('../THIRD-PARTY-NOTICES', import.meta.url), thirdPartyNotices(metafile, fileURLToPath(new URL('..', import.meta.url))));
