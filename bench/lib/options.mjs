// bench/run.mjs's options, and the counts and sizes of the figures they imply.
import { parseArgs } from 'node:util';
import { path } from './paths.mjs';

/** Parses the command line; prints the usage and exits on --help or a bad option. */
export function parseOptions() {
  let opts;
  try {
    ({ values: opts } = parseArgs({
      options: { rounds: { type: 'string' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\nusage: node bench/run.mjs [--rounds N] [--quick]\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write('usage: node bench/run.mjs [--rounds N] [--quick]\n');
    process.exit(0);
  }
  const quick = opts.quick;
  const rounds = opts.rounds === undefined ? (quick ? 1 : 3) : Number(opts.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write(`bench: --rounds wants a whole number ≥ 1, got '${opts.rounds}'\n`);
    process.exit(2);
  }
  return {
    quick,
    rounds,
    N: quick ? 20_000 : 200_000, // send and listen, 100-byte messages
    N_CONSUME_TOOL: quick ? 500 : 2_000, // amqp-consume runs a process per message
    N_EXEC: quick ? 200 : 1_000, // listen --exec: a process per message
    REQUESTS: quick ? 5 : 10, // request/reply round trips
    N_MEMORY: 1_000_000,
    STARTUP_RUNS: quick ? 3 : 10,
    SIZES: [
      { size: 4096, n: quick ? 2_000 : 20_000 },
      { size: 1 << 20, n: quick ? 20 : 200 },
    ],
    OUT_FILE: quick ? path('bench/results/RESULTS-quick.md') : path('bench/RESULTS.md'),
  };
}
