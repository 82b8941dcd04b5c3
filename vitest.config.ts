import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests of pure code, and integration tests that run the built binary
// against a real RabbitMQ started by test/setup/broker.ts (`vitest run --project unit` skips it).
// Every file removes the temp folders it made (test/setup/temp-dirs.ts).
const setupFiles = ['test/setup/temp-dirs.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles } },
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
