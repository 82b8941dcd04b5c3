import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests of pure code, and integration tests that run the built binary
// against a real RabbitMQ started by test/setup/broker.ts (`vitest run --project unit` skips it).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/broker.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
