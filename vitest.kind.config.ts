// `npm run test:kind` (scripts/test-kind.ts): the Kubernetes labs graded on a
// real kind cluster made from nslab's own node image on the guest's engine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/kind/**/*.test.ts'],
    // One kind node under emulation: two grades side by side keep it busy
    // without starving its control plane.
    maxConcurrency: 2,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-kind.json' },
  },
});
