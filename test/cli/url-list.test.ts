// URL lists through the command line as a user types them: repeated --url, --host a,b,c, the rc
// file's urls: list, and bad entries refused before any connection (exit 2).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const urlsOf = (stdout: string) => (JSON.parse(stdout) as { urls: string[] }).urls;
const NO_HOST = { MQ_HOST: undefined, MQ_PORT: undefined };

describe('a list of nodes', () => {
  it('takes --url more than once, and commas in it', async () => {
    const result = await runMain(['config', '--json', '--url', 'amqp://u:pw@a:5700', '--url', 'amqp://b:5701,amqp://c'], { env: NO_HOST });
    expect(result.code).toBe(0);
    expect(urlsOf(result.stdout)).toEqual(['amqp://u:***@a:5700/', 'amqp://u:***@b:5701/', 'amqp://u:***@c:5672/']);
  });

  it('takes --host a,b,c with one port', async () => {
    const result = await runMain(['config', '--json', '--host', 'a,b,c', '--port', '5799']);
    expect(urlsOf(result.stdout)).toEqual(['amqp://guest:***@a:5799/', 'amqp://guest:***@b:5799/', 'amqp://guest:***@c:5799/']);
  });

  it('reads urls: from the rc file, and says where the list came from', async () => {
    const home = tempDir();
    writeFileSync(join(home, '.rabbitclirc'), 'urls:\n  - amqp://me:pw@a:1\n  - amqp://b:2\n', { mode: 0o600 });
    const result = await runMain(['config'], { cwd: home, env: NO_HOST });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^url\s+amqp:\/\/me:\*\*\*@a:1\/,amqp:\/\/me:\*\*\*@b:2\/\s+.*\.rabbitclirc/m);
  });

  it('refuses a bad entry with exit 2 before connecting, its password hidden', async () => {
    const result = await runMain(['ping', '--url', 'amqp://u:s3cret@a,amqp://u:s3cret@b:99999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --url \(URL 2 of 2\) is not a valid URL: amqp:\/\/u:\*\*\*@b:99999\n/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('names every node that refused when none answers (exit 1)', async () => {
    const result = await runMain(['ping', '--host', '127.0.0.1,localhost', '--port', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot connect to any of 2 nodes: 127\.0\.0\.1:1: connection refused; localhost:1: connection refused\n/);
  });
});
