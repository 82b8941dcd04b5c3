import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Runs the cluster tests alone, until the `cluster` project joins vitest.config.ts:
//   npx vitest run --config test/cluster/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'cluster',
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/setup/cluster.ts'],
    // The tests kill and restart shared nodes: one file at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
