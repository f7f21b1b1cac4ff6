// npm run bench: 50 lab box setup/teardown cycles through LabBox, then what they
// left on the engine, counted by label (must be 0), and the time per cycle.
import { connectDocker } from '../electron/env/docker/engine';
import { runBoxCycles } from '../test/helpers/box-cycles';
import { latencyRow } from './bench-stats';

const CYCLES = Number(process.env.NSLAB_BENCH_CYCLES ?? 50);

const started = performance.now();
const report = await runBoxCycles(await connectDocker(), CYCLES, (i, ms) => {
  if (process.stderr.isTTY) process.stderr.write(`\x1b[2K\rcycle ${i + 1}/${CYCLES}: ${ms.toFixed(0)} ms`);
});
if (process.stderr.isTTY) process.stderr.write('\x1b[2K\r');
const { containers, volumes, networks } = report.leftovers;
const total = containers + volumes + networks;
console.log(`nslab bench — ${CYCLES} lab box setup/teardown cycles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(latencyRow('box cycle (create→exec→dispose)', report.durationsMs));
console.log(`left behind, by nslab label: ${containers} containers, ${volumes} volumes, ${networks} networks (${total === 0 ? 'none, as it must be' : 'LEAK'})`);
process.exitCode = total === 0 ? 0 : 1;
