// `npm run test:kind` (scripts/test-kind.ts): the Kubernetes labs graded on a
// real kind cluster made from nslab's own node image on the guest's engine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/kind/**/*.test.ts'],
    // One kind node under emulation: three grades side by side (as the guest
    // stage runs on its node); the control plane's probes are set for a slow
    // node (electron/env/kind/kind-node-image.ts), so a busy node is not restarted.
    maxConcurrency: 3,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-kind.json' },
  },
});
