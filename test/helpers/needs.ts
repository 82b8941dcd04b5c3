// Tests that need a program the npm packages do not bring (python3-pika, zsh, fish). They are
// skipped only on a developer's machine that lacks it, with a warning; in CI (CI set, as .ci/run
// does) they run, and the missing program fails them. scripts/ensure-deps.sh installs all of them
// as root.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's python3, where apt-get puts python3-pika (a pyenv python3 on PATH may lack it). */
export const PYTHON = process.env.MQCLI_TEST_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Whether PYTHON can import pika, the client that is not amqplib. */
export const hasPika = spawnSync(PYTHON, ['-c', 'import pika'], { stdio: 'ignore' }).status === 0;

export const MISSING_PIKA = 'python3-pika is not installed (apt-get install python3-pika, or npm test as root installs it)';

/** Whether php-amqplib (Debian's php-amqplib, with php-cli) is there, the other client that is not amqplib. */
export const hasPhpAmqplib = existsSync('/usr/share/php/PhpAmqpLib/autoload.php') && spawnSync('php', ['--version'], { stdio: 'ignore' }).status === 0;

export const MISSING_PHP = 'php-amqplib is not installed (apt-get install php-cli php-amqplib, or npm test as root installs it)';

/** Whether a shell can be started (`zsh`, `fish`). */
export const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;

/**
 * True when the tests of `file` that need `what` are to be skipped: it is missing and this is not
 * CI. Says so on stderr, so a skip is never silent.
 */
export function skipWithout(present: boolean, what: string, file: string): boolean {
  const skip = !present && !process.env.CI;
  if (skip) console.warn(`${file}: tests that need ${what} are skipped, it is not installed (scripts/ensure-deps.sh installs it as root; CI fails without it)`);
  return skip;
}
