import { createInterface } from 'node:readline/promises';
import { oneLine } from '../core/escape.js';

/**
 * Asks a yes/no question on the terminal; anything but y or yes is no. Only asked when stdin is a
 * terminal: in a script (stdin not a terminal) the answer is yes, so pipelines never hang.
 */
export async function confirm(question: string, io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream }): Promise<boolean> {
  if (io.stdin.isTTY !== true) return true;
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await Promise.race([
      prompt.question(`${oneLine(question)} [y/N] `),
      new Promise<string>((resolve) => prompt.once('close', () => resolve(''))),
    ]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
