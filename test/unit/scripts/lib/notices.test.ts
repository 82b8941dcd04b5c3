import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPackages, thirdPartyNotices } from '../../../../scripts/lib/notices.mjs';
import { tempDir } from '../../../helpers/temp.js';

const ROOT = join(import.meta.dirname, '../../../..');
const metafile = (...inputs: string[]) => ({ inputs: Object.fromEntries(inputs.map((input) => [input, {}])) });

describe('bundledPackages', () => {
  it('names each package once, scoped ones whole, and leaves our own files out', () => {
    const inputs = metafile(
      'src/index.ts',
      'node_modules/commander/index.js',
      'node_modules/commander/lib/command.js',
      'node_modules/@scope/pkg/dist/a.js',
      'node_modules/a/node_modules/b/index.js',
    );
    expect(bundledPackages(inputs)).toEqual(['@scope/pkg', 'a', 'commander']);
  });
});

describe('thirdPartyNotices', () => {
  it("carries each bundled package's licence file word for word, with its version", () => {
    const text = thirdPartyNotices(metafile('node_modules/commander/index.js', 'node_modules/valibot/dist/index.js'), ROOT);
    const version = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(text).toContain(`commander ${version('commander')} (MIT)`);
    expect(text).toContain(`valibot ${version('valibot')} (MIT)`);
    expect(text).toContain(readFileSync(join(ROOT, 'node_modules/commander/LICENSE'), 'utf8').trim());
    expect(text).toContain(readFileSync(join(ROOT, 'node_modules/valibot/LICENSE.md'), 'utf8').trim());
  });

  it('refuses to build without the licence of a bundled package', () => {
    const root = tempDir();
    mkdirSync(join(root, 'node_modules/bare'), { recursive: true });
    writeFileSync(join(root, 'node_modules/bare/package.json'), '{"version":"1.0.0","license":"MIT"}');
    expect(() => thirdPartyNotices(metafile('node_modules/bare/index.js'), root)).toThrow('bare has no licence file');
  });
});
