// npm run bench: prints numbers, asserts nothing.
// Box readiness (create + start + first exec answered) against a bare
// `docker run --rm <same image> true`, as medians and their ratio; then the
// probe agent's fresh reading against one bare `docker exec`, and a whole graded lab.
import { execFileSync } from 'node:child_process';
import { LabBox } from '../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../electron/env/docker/engine';
import { timeBareExec } from './bench-exec';
import { latencyRow, percentile } from './bench-stats';

const RUNS = Number(process.env.NSLAB_BENCH_RUNS ?? 7);


async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}


async function main(): Promise<void> {
  const docker = await connectDocker();
  const bare: number[] = [];
  const ready: number[] = [];
  const teardown: number[] = [];
  const probe: number[] = [];
  const bareExec: number[] = [];
  const grade: number[] = [];

  for (let i = 0; i < RUNS; i++) {
    bare.push(await time(() => execFileSync('docker', ['run', '--rm', '--network', 'none', DEFAULT_BOX_IMAGE, 'true'])));
    let box: LabBox | undefined;
    ready.push(
      await time(async () => {
        box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'bench', hostname: 'nslab-box' });
        await box.exec('true');
      }),
    );
    for (let j = 0; j < 5; j++) {
      bareExec.push(await timeBareExec(box!.container));
      probe.push(await time(() => box!.state.read()));
    }
    teardown.push(await time(() => box!.dispose()));
  }
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    grade.push(await time(() => execFileSync(process.execPath, ['bin/nslab.mjs', 'grade', 'labs/uts-namespace', '--solve', '--format', 'json'])));
  }

  const mode = (await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'bench', hostname: 'x' }).then(async (b) => (await b.dispose(), b.securityMode)));
  console.log(`nslab bench — ${DEFAULT_BOX_IMAGE}, box security mode: ${mode}`);
  console.log(latencyRow('bare docker run --rm … true', bare));
  console.log(latencyRow('lab box ready (create→first exec)', ready));
  console.log(latencyRow('lab box teardown', teardown));
  console.log(latencyRow('one bare docker exec (API)', bareExec));
  console.log(latencyRow('probe agent reading (ns+mounts+cgroups)', probe));
  console.log(latencyRow('grade uts-namespace --solve (CLI)', grade));
  console.log(`ratio box ready / bare run (p50): ${(percentile(ready, 50) / percentile(bare, 50)).toFixed(2)}`);
  console.log(`ratio probe reading / bare exec (p50): ${(percentile(probe, 50) / percentile(bareExec, 50)).toFixed(2)}`);
}

await main();
