// The sibling rule is a lint error: biome.jsonc has one noRestrictedImports override per feature
// folder of src/core/. Here biome lints probe files, written into a copy of the layout in a temp
// folder (so src/ is never touched), with the project's own biome.jsonc.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.js';

const ROOT = join(import.meta.dirname, '../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const FEATURES = ['send', 'listen', 'exec', 'move', 'request', 'queue', 'exchange', 'completion', 'perf', 'ops', 'dump'];
const FLOORS = ['amqp', 'wire', 'broker', 'settings', 'management', 'consumer'];

/** Each probe: a file under src/core/ that imports one specifier, and whether the rule must fire. */
const probes: { file: string; from: string; fires: boolean }[] = [
  ...FEATURES.flatMap((folder) => [
    ...FEATURES.filter((other) => other !== folder).map((other) => ({ file: `${folder}/to-${other}.ts`, from: `../${other}/x.js`, fires: true })),
    ...FLOORS.map((floor) => ({ file: `${folder}/to-${floor}.ts`, from: `../${floor}/x.js`, fires: false })),
    { file: `${folder}/to-core-file.ts`, from: '../errors.js', fires: false },
    { file: `${folder}/to-itself.ts`, from: './x.js', fires: false },
  ]),
  ...FLOORS.map((floor) => ({ file: `${floor}/to-listen.ts`, from: '../listen/x.js', fires: true })),
  // Floors may build on each other, but the wire codec is the lowest: it imports no vocabulary.
  ...FLOORS.filter((floor) => floor !== 'wire').map((floor) => ({ file: `${floor}/to-amqp.ts`, from: '../amqp/x.js', fires: false })),
  { file: 'wire/to-amqp.ts', from: '../amqp/x.js', fires: true },
  { file: 'wire/to-send.ts', from: '../send/x.js', fires: true },
  { file: 'wire/to-itself.ts', from: './x.js', fires: false },
  { file: 'amqp/to-wire.ts', from: '../wire/x.js', fires: false },
  { file: 'loose-to-send.ts', from: './send/x.js', fires: true },
  { file: 'loose-to-broker.ts', from: './broker/x.js', fires: false },
];

/** The files under src/core/ that biome reports noRestrictedImports for. */
function restricted(files: Record<string, string>): Set<string> {
  const root = tempDir();
  copyFileSync(join(ROOT, 'biome.jsonc'), join(root, 'biome.jsonc'));
  for (const [file, text] of Object.entries(files)) {
    const path = join(root, 'src/core', file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  let output: string;
  try {
    output = execFileSync(BIOME, ['lint', '--vcs-enabled=false', '--reporter=json', '.'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = (error as { stdout: string }).stdout; // exit 1: there were errors, which is the point
  }
  const { diagnostics } = JSON.parse(output) as { diagnostics: { category: string; location: { path: string } }[] };
  return new Set(diagnostics.filter((d) => d.category === 'lint/style/noRestrictedImports').map((d) => d.location.path.replace(/^src\/core\//, '')));
}

const probeFile = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
const fired = restricted(Object.fromEntries(probes.map(({ file, from }) => [file, probeFile(from)])));

describe('the sibling rule (biome noRestrictedImports)', () => {
  it.each(probes)('src/core/$file importing $from: fires $fires', ({ file, fires }) => {
    expect(fired.has(file)).toBe(fires);
  });

  it('catches a re-export, a type-only import and a dynamic import as well as an import', () => {
    const forms = {
      'send/re-export.ts': "export { x } from '../listen/x.js';\n",
      'send/type-only.ts': "import type { X } from '../listen/x.js';\nexport type Y = X;\n",
      'send/dynamic.ts': "export const load = () => import('../listen/x.js');\n",
    };
    expect([...restricted(forms)].sort()).toEqual(['send/dynamic.ts', 'send/re-export.ts', 'send/type-only.ts']);
  });
});
