import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } };

describe('package.json engines', () => {
  it('asks for the Node that has what the code uses: node:util parseEnv came in 20.12', () => {
    expect(readFileSync(resolve(root, 'src/core/settings/dotenv.ts'), 'utf8')).toMatch(/parseEnv/);
    const [, major, minor] = /^>=(\d+)\.(\d+)/.exec(pkg.engines.node) ?? [];
    expect(Number(major) > 20 || (Number(major) === 20 && Number(minor) >= 12)).toBe(true);
  });
});
