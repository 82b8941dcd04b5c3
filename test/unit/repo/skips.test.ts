// No test skips in CI: every conditional skip goes through skipWithout() (test/helpers/needs.ts),
// which skips only outside CI and says so; nothing is skipped, left as todo or focused for good.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = testFiles(join(ROOT, 'test')).map((path) => ({ name: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('skips in the test suite', () => {
  it('finds the test files', () => expect(files.length).toBeGreaterThan(40));

  it.each(files)('$name skips only through skipWithout()', ({ text }) => {
    const conditions = [...text.matchAll(/\.(?:skipIf|runIf)\(([^)]*)\)/g)].map((match) => match[1]!.trim());
    const unguarded = conditions.filter((name) => !new RegExp(`const ${name} = skipWithout\\(`).test(text));
    expect(unguarded).toEqual([]);
  });

  it.each(files)('$name has no unconditional skip, todo or only', ({ text }) => {
    // Built from parts, so this file does not match itself.
    const banned = ['skip', 'todo', 'only'].map((word) => new RegExp(`\\b(?:it|test|describe)\\.${word}\\(`));
    expect(banned.filter((pattern) => pattern.test(text)).map(String)).toEqual([]);
  });
});
