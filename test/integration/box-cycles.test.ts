// Setup/teardown leaves nothing behind: a few real lab box cycles, then a count
// by label of containers, volumes and networks (scripts/bench-cycles.ts runs 50).
import { describe, expect, it } from 'vitest';
import { connectDocker } from '../../electron/env/docker/engine';
import { runBoxCycles } from '../helpers/box-cycles';

const CYCLES = 5;

describe('lab box setup and teardown', () => {
  it(`leaves 0 containers, volumes and networks after ${CYCLES} cycles`, { timeout: 120_000 }, async () => {
    const report = await runBoxCycles(await connectDocker(), CYCLES);
    const mean = report.durationsMs.reduce((a, b) => a + b, 0) / CYCLES;
    console.log(`box cycles: ${CYCLES}, left behind ${JSON.stringify(report.leftovers)}, ${mean.toFixed(0)} ms per cycle`);
    expect(report.leftovers).toEqual({ containers: 0, volumes: 0, networks: 0 });
  });
});
