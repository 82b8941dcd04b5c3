import { defineConfig } from 'vitest/config';

// Three projects: unit tests of pure code; the in-process CLI tier, which runs main() from src/
// with fake streams and env (no build, no broker); and integration tests that run the built
// binary against a real RabbitMQ started by test/setup/broker.ts, which builds dist/ first.
// `vitest run --project unit --project cli` needs no broker.
// Every file removes the temp folders it made (test/setup/temp-dirs.ts).
const setupFiles = ['test/setup/temp-dirs.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles } },
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
    ],
  },
});
