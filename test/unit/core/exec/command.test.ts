import { describe, expect, it } from 'vitest';
import { commandLine } from '../../../../src/core/exec/command.js';

describe('commandLine', () => {
  it.each([
    ['cat', ['cat', []]],
    ['./handle.sh --fast -n 3', ['./handle.sh', ['--fast', '-n', '3']]],
    ['tr a-z A-Z', ['tr', ['a-z', 'A-Z']]],
    ['sort key=value', ['sort', ['key=value']]],
    ['FOO=1 cat', ['/bin/sh', ['-c', 'FOO=1 cat']]],
    ['cat | wc -l', ['/bin/sh', ['-c', 'cat | wc -l']]],
    ['echo "$MQ_TYPE"', ['/bin/sh', ['-c', 'echo "$MQ_TYPE"']]],
    ['exit 3', ['/bin/sh', ['-c', 'exit 3']]],
    ['read x', ['/bin/sh', ['-c', 'read x']]],
    ['ls ~', ['/bin/sh', ['-c', 'ls ~']]],
    ['ls *.txt', ['/bin/sh', ['-c', 'ls *.txt']]],
    ['a; b', ['/bin/sh', ['-c', 'a; b']]],
    ['cat # note', ['/bin/sh', ['-c', 'cat # note']]],
  ])('%j runs as %j', (command, expected) => {
    expect(commandLine(command)).toEqual(expected);
  });
});
