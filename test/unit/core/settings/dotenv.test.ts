import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDotenv } from '../../../../src/core/settings/dotenv.js';

const folders: string[] = [];
function folderWith(text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'mqcli-dotenv-'));
  folders.push(folder);
  writeFileSync(join(folder, '.env'), text);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('loadDotenv', () => {
  it('fills the env it is given, not the process environment', () => {
    const env: Record<string, string | undefined> = {};
    const added = loadDotenv(folderWith('MQCLI_DOTENV_TEST=from-file\nexport QUOTED="two words"\n'), env);
    expect(env).toEqual({ MQCLI_DOTENV_TEST: 'from-file', QUOTED: 'two words' });
    expect(added).toEqual(new Set(['MQCLI_DOTENV_TEST', 'QUOTED']));
    expect(process.env.MQCLI_DOTENV_TEST).toBeUndefined();
  });

  it('lets the caller win, even with an empty value', () => {
    const env: Record<string, string | undefined> = { MQ_HOST: 'from-env', MQ_USER: '' };
    const added = loadDotenv(folderWith('MQ_HOST=from-file\nMQ_USER=bob\nMQ_PORT=5673\n'), env);
    expect(env).toEqual({ MQ_HOST: 'from-env', MQ_USER: '', MQ_PORT: '5673' });
    expect(added).toEqual(new Set(['MQ_PORT']));
  });

  it('does nothing without a .env', () => {
    const env = {};
    expect(loadDotenv(tmpdir(), env).size).toBe(0);
    expect(env).toEqual({});
  });
});
