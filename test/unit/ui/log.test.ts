import { Chalk } from 'chalk';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Logger } from '../../../src/ui/log.js';
import { plain } from '../../../src/ui/style.js';

const HOSTILE = 'q\x1b]0;PWNED\x07 \x1b[2J\u009b31m\nnext\ttab\r';
const SHOWN = 'q\\x1b]0;PWNED\\x07 \\x1b[2J\\x9b31m\\x0anext\\x09tab\\x0d';

function logger(options: { verbose?: boolean; color?: boolean } = {}) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const style = options.color ? new Chalk({ level: 1 }) : plain;
  return { log: new Logger({ stream, quiet: false, verbose: options.verbose === true, style }), text: () => text };
}

describe('Logger: what it writes never holds a raw control character of the text it was given', () => {
  it.each([
    ['info', (log: Logger) => log.info(`created queue '${HOSTILE}'`), `created queue '${SHOWN}'\n`],
    ['warn', (log: Logger) => log.warn(`queue '${HOSTILE}'`), `warning: queue '${SHOWN}'\n`],
    ['debug', (log: Logger) => log.debug(`queue '${HOSTILE}'`), `queue '${SHOWN}'\n`],
    [
      'error and hint',
      (log: Logger) => log.error(new Error(`no queue '${HOSTILE}'`), `mqcli queue declare '${HOSTILE}'`),
      `error: no queue '${SHOWN}'\n  mqcli queue declare '${SHOWN}'\n`,
    ],
    ['write (a stack: lines and tabs kept)', (log: Logger) => log.write('Error: x\n\tat f\x1b[2J'), 'Error: x\n\tat f\\x1b[2J\n'],
  ])('%s', (_name, write, expected) => {
    const { log, text } = logger({ verbose: true });
    write(log);
    expect(text()).toBe(expected);
  });

  it('styles after escaping: its own colour codes stay, the message has none left', () => {
    const { log, text } = logger({ color: true });
    log.warn(`queue '${HOSTILE}'`);
    log.error(new Error(`\x07bell`), 'hint\x1b');
    expect(text()).toBe(`\x1b[33mwarning:\x1b[39m queue '${SHOWN}'\n\x1b[31merror:\x1b[39m \\x07bell\n  \x1b[2mhint\\x1b\x1b[22m\n`);
  });
});
