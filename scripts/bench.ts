// npm run bench: prints numbers, asserts nothing.
// Box readiness (create + start + first exec answered) against a bare
// `docker run --rm <same image> true`, as medians and their ratio; then the
// namespace probe and a whole graded lab.
import { execFileSync } from 'node:child_process';
import { LabBox } from '../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../electron/env/docker/engine';
import { readNamespaces } from '../electron/probes/ns/read';

const RUNS = Number(process.env.NSLAB_BENCH_RUNS ?? 7);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function row(name: string, samples: number[]): string {
  return `${name.padEnd(34)} p50 ${percentile(samples, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(samples, 95).toFixed(0).padStart(5)} ms   (n=${samples.length})`;
}

async function main(): Promise<void> {
  const docker = await connectDocker();
  const bare: number[] = [];
  const ready: number[] = [];
  const teardown: number[] = [];
  const probe: number[] = [];
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
    probe.push(await time(() => readNamespaces(box!)));
    teardown.push(await time(() => box!.dispose()));
  }
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    grade.push(await time(() => execFileSync(process.execPath, ['bin/nslab.mjs', 'grade', 'labs/uts-namespace', '--solve', '--format', 'json'])));
  }

  const mode = (await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'bench', hostname: 'x' }).then(async (b) => (await b.dispose(), b.securityMode)));
  console.log(`nslab bench — ${DEFAULT_BOX_IMAGE}, box security mode: ${mode}`);
  console.log(row('bare docker run --rm … true', bare));
  console.log(row('lab box ready (create→first exec)', ready));
  console.log(row('lab box teardown', teardown));
  console.log(row('namespace probe (whole box)', probe));
  console.log(row('grade uts-namespace --solve (CLI)', grade));
  console.log(`ratio box ready / bare run (p50): ${(percentile(ready, 50) / percentile(bare, 50)).toFixed(2)}`);
}

await main();
