// The guest stage (scripts/test-guest.ts): the same kind of tests, run against
// the nslab guest's engine (cgroup v2, --privileged allowed) through DOCKER_HOST.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/guest/**/*.test.ts'],
    globalSetup: ['test/guest/require-guest.ts'],
    // Under emulation each grade takes 10-60 s on a quiet host (minutes on a
    // busy one): two side by side keep both vCPUs busy without starving the CPU
    // lab's busy loop.
    maxConcurrency: 2,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-guest.json' },
  },
});
