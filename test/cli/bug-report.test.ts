// An error that is not one of ours (a bug) says what a report needs, and never a password.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/core/context.js';
import { version } from '../../src/core/version.js';
import { main } from '../../src/index.js';
import { Logger } from '../../src/ui/log.js';
import { plain } from '../../src/ui/style.js';

/** Runs main() with an environment that throws a TypeError when read: a stand-in for any bug. */
async function bug(args: string[]): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: () => {
      throw new TypeError('cannot read amqp://guest:s3cret@host/ here');
    },
  });
  const context = {
    env,
    dotenvKeys: new Set<string>(),
    cwd: '/nonexistent',
    stdout: new PassThrough(),
    stderr,
    log: new Logger({ stream: stderr, quiet: false, verbose: args.includes('--verbose'), style: plain }),
    exitCode: 0,
    exit: () => {},
  } as unknown as Context;
  const code = await main(['node', 'mqcli', ...args], context);
  return { code, stderr: text };
}

describe('a bug in mqcli', () => {
  it('exits 1 and says what to put in a report: versions, the command, the --verbose output', async () => {
    const { code, stderr } = await bug(['ping']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        'error: unexpected failure: cannot read amqp://guest:***@host/ here',
        `  This is a bug in mqcli. Please report it with mqcli ${version()}, Node ${process.version}, the command you ran (leave out any password) and its output with --verbose.`,
        '',
      ].join('\n'),
    );
  });

  it('with --verbose, points at the stack that follows, and redacts it too', async () => {
    const { code, stderr } = await bug(['ping', '--verbose']);
    expect(code).toBe(1);
    expect(stderr).toContain('the command you ran (leave out any password) and the output below.\nTypeError: cannot read amqp://guest:***@host/ here\n');
    expect(stderr).not.toContain('s3cret');
  });
});
