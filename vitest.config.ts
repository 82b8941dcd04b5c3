import { defineConfig } from 'vitest/config';

// Four projects: unit tests of pure code; the in-process CLI tier, which runs main() from src/
// with fake streams and env (no build, no broker); and integration tests that run the built
// binary against a real RabbitMQ started by test/setup/broker.ts, which builds dist/ first.
// The cluster project starts three nodes of its own. `vitest run --project unit --project cli`
// needs no broker.
// Every file removes the temp folders it made (test/setup/temp-dirs.ts).
const setupFiles = ['test/setup/temp-dirs.ts'];

export default defineConfig({
  test: {
    // Integration tests mostly wait on brokers (restarts, outages, confirms), not on the CPU: three
    // files at a time on two cores roughly halve the suite's time. Each file uses its own queues.
    maxWorkers: 3,
    projects: [
      // Property tests run hundreds of cases: 30 s, not 5, holds on a loaded two-core machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles, testTimeout: 30_000 } },
      { test: { name: 'cli', include: ['test/cli/**/*.test.ts'], setupFiles } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles,
          globalSetup: ['test/setup/broker.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // A 3-node cluster (scripts/cluster.sh), started once per run; the tests kill and restart
        // its nodes, so one file at a time.
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          setupFiles,
          globalSetup: ['test/setup/cluster.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
