// The third-party notices of the bundle: the MIT licence (like most) asks that its text travel with
// every copy of the code, and esbuild's legalComments 'none' drops it from dist/. So the build
// writes THIRD-PARTY-NOTICES from the licence files of the packages it bundled. Packages left
// external (amqplib, chalk, ora, cosmiconfig) are installed as themselves and carry their own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The names of the npm packages whose files are among esbuild's metafile inputs. */
export function bundledPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

/** The text of THIRD-PARTY-NOTICES: each bundled package's name, version, licence and licence file. */
export function thirdPartyNotices(metafile, root) {
  const sections = bundledPackages(metafile).map((name) => {
    const folder = join(root, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const file = readdirSync(folder).find((entry) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry));
    if (file === undefined) throw new Error(`${name} has no licence file to put in THIRD-PARTY-NOTICES`);
    const text = readFileSync(join(folder, file), 'utf8').trim();
    return `${name} ${version} (${license})\n\n${text}\n`;
  });
  const head = 'mqcli bundles the following packages into dist/. Their licences ask that these notices go with it.\n';
  return [head, ...sections].join(`\n${'-'.repeat(72)}\n\n`);
}
