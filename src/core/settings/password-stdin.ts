import { UsageError } from '../errors.js';

/**
 * --password-stdin: the first line of stdin is the password (so it stays out of the process list
 * and shell history). Reads only up to that line's end, then leaves stdin alone.
 */
export async function readPassword(stdin: NodeJS.ReadStream, alsoGiven: boolean): Promise<string> {
  if (alsoGiven) throw new UsageError('give the password with --password or with --password-stdin, not both');
  if (stdin.isTTY === true)
    throw new UsageError('--password-stdin reads the password from stdin, which is a terminal here', {
      hint: 'Pipe it in: pass show mq | mqcli --password-stdin …',
    });
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    const buffer = chunk as Buffer;
    const end = buffer.indexOf(10);
    if (end >= 0) {
      chunks.push(buffer.subarray(0, end));
      break;
    }
    chunks.push(buffer);
  }
  stdin.pause();
  const line = Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
  if (line === '') throw new UsageError('--password-stdin found no password on stdin');
  return line;
}
