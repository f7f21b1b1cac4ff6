import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The guest stage runs these against the guest VM's engine: vitest.guest.config.ts;
    // `npm run test:kind` the kind cluster's on it: vitest.kind.config.ts.
    exclude: ['test/guest/**', 'test/kind/**', '**/node_modules/**'],
    // Real engine, real containers: fail loudly up front when they are missing.
    globalSetup: ['test/setup/require-docker.ts'],
    // No test writes to the user's own config folder: test/setup/private-config.ts.
    setupFiles: ['test/setup/private-config.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
