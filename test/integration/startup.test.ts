import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';

const TRACE = resolve(import.meta.dirname, '../fixtures/trace-imports.mjs');

/** Runs the binary with an import hook and returns every module it resolved. */
function importsOf(args: string[]): { modules: string[]; status: number | null; stdout: string } {
  const file = join(tempDir(), 'trace.txt');
  const run = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], { env: { PATH: process.env.PATH, TRACE_FILE: file }, encoding: 'utf8' });
  return { modules: readFileSync(file, 'utf8').split('\n'), status: run.status, stdout: run.stdout };
}

// The built binary's start-up; help and exit codes of main() are in test/cli/startup.test.ts.
describe('start-up', () => {
  it.each([['--help'], ['--version'], ['queue', '--help']])('%s loads neither amqplib, ora, cosmiconfig nor chalk', (...args) => {
    const { modules, status, stdout } = importsOf(args);
    expect(status).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    expect(modules).toContain('../dist/index.js');
    expect(modules.filter((name) => /amqplib|^ora$|cosmiconfig|^chalk$/.test(name))).toEqual([]);
  });

  // valibot is bundled into our chunks, so the trace sees chunk files, not its name: look inside them.
  it.each([['--help'], ['--version']])('%s loads no chunk that holds valibot', (...args) => {
    const chunks = resolve(dirname(BIN), '../dist/chunks');
    const loaded = importsOf(args).modules.filter((name) => /\.js$/.test(name) && existsSync(join(chunks, basename(name))));
    expect(loaded.filter((name) => readFileSync(join(chunks, basename(name)), 'utf8').includes('node_modules/valibot'))).toEqual([]);
    const lazy = readdirSync(chunks).filter((name) => readFileSync(join(chunks, name), 'utf8').includes('node_modules/valibot'));
    expect(lazy.length).toBeGreaterThan(0);
  });

  // Node's own modules, which the trace above does not see: see the build's plugins and src/index.ts.
  it.each([['--help'], ['--version']])('%s loads neither child_process nor fs streams', (...args) => {
    const dir = tempDir();
    const file = join(dir, 'builtins.txt');
    const hook = join(dir, 'hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(file)}, process.moduleLoadList.join('\\n')));`);
    const run = spawnSync(process.execPath, ['--require', hook, BIN, ...args], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const loaded = readFileSync(file, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule path');
    expect(loaded.filter((name) => /^NativeModule (child_process|internal\/fs\/streams)$/.test(name))).toEqual([]);
  });

  it('the trace does see amqplib when a command connects', () => {
    const { modules } = importsOf(['ping', '--port', '1']);
    expect(modules).toContain('amqplib');
  });

  it('prints the version from package.json', () => {
    const { stdout } = importsOf(['--version']);
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(pkg.version);
  });
});

// The build drops licence comments from dist/; THIRD-PARTY-NOTICES carries them instead.
describe('the package', () => {
  it('ships a notice for every package bundled into dist/, and the MIT LICENSE', () => {
    const root = resolve(import.meta.dirname, '../..');
    const dist = join(root, 'dist');
    const files = [join(dist, 'index.js'), ...readdirSync(join(dist, 'chunks')).map((name) => join(dist, 'chunks', name))];
    // esbuild marks where each bundled module starts: `// node_modules/<package>/<file>`.
    const bundled = new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1])));
    expect(bundled).toContain('commander');
    const notices = readFileSync(join(root, 'THIRD-PARTY-NOTICES'), 'utf8');
    for (const name of bundled) expect(notices).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(MIT\\)$`, 'm'));
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) the mqcli authors\n/);
    const { files: shipped } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(shipped).toEqual(expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES']));
  });
});
