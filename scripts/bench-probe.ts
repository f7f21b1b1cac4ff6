// npm run bench (probe part): how fast a change in the box reaches what the
// panels receive from the probe agent beside it, per kind of change, against one
// bare `docker exec` (what every look cost before). Prints numbers only.
// The change is typed into a shell opened in the box beforehand, so the time
// counts from the moment the box's shell gets the line; the same shell's echo of
// a marker after the change is the floor: what the box itself took to make it.
import { connectDocker, DEFAULT_BOX_IMAGE } from '../electron/env/docker/engine';
import { LabBox } from '../electron/env/docker/box';
import type { BoxReading } from '../electron/engine/environment';
import { WATCH_INTERVAL_MS } from '../electron/engine/panel-feed';
import { timeBareExec } from './bench-exec';
import { latencyRow, percentile } from './bench-stats';

const SAMPLES = Number(process.env.NSLAB_BENCH_SAMPLES ?? 20);
/** The goal for a namespace, mount or cgroup change to reach the panel. */
const GOAL_P95_MS = 100;

interface ChangeKind {
  name: string;
  /** the line typed into the box's shell for sample i */
  command(i: number): string;
  /** whether a reading shows sample i's change */
  seen(reading: BoxReading, i: number): boolean;
}

function kinds(cgroupRoot: string): ChangeKind[] {
  return [
    {
      name: 'namespace (unshare --uts)',
      command: (i) => `unshare --uts sleep ${5000 + i} &`,
      seen: (r, i) => r.namespaces.processes.some((p) => p.command === `sleep ${5000 + i}`),
    },
    {
      name: 'mount (tmpfs)',
      command: (i) => `mkdir -p /lab/m${i} && mount -t tmpfs bench${i} /lab/m${i}`,
      seen: (r, i) => r.mounts.tables.some((t) => t.mounts.some((m) => m.source === `bench${i}`)),
    },
    {
      name: 'cgroup (mkdir)',
      command: (i) => `mkdir ${cgroupRoot}/bench${i}`,
      seen: (r, i) => r.cgroups.cgroups.some((c) => c.path === `/bench${i}`),
    },
  ];
}

async function main(): Promise<void> {
  const docker = await connectDocker();
  const box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'bench-probe', hostname: 'nslab-box', writableCgroups: true });
  try {
    const shell = await box.openShell({ command: ['sh'] });
    const cgroupRoot = box.facts.cgroupVersion === 'v2' ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    let waiting: { kind: ChangeKind; i: number; done: () => void } | undefined;
    /** per sample: from the start of the agent's reading that saw the change to its arrival here (both CLOCK_MONOTONIC) */
    const readAndCarry: number[] = [];
    const unwatch = box.state.watch((reading) => {
      if (!waiting?.kind.seen(reading, waiting.i)) return;
      if (reading.cgroups.monotonicMs !== undefined) readAndCarry.push(Number(process.hrtime.bigint() / 1000n) / 1000 - reading.cgroups.monotonicMs);
      const { done } = waiting;
      waiting = undefined;
      done();
    }, WATCH_INTERVAL_MS);
    let output = '';
    shell.onData((data) => (output += data));

    const rows: string[] = [];
    const all: number[] = [];
    const echoes: number[] = [];
    /** per sample: how much later than the shell's own echo the probe saw the change (negative: sooner) */
    const beyondFloor: number[] = [];
    for (const kind of kinds(cgroupRoot)) {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        output = '';
        const start = performance.now();
        // typed as an expression, so the terminal's echo of the typed line never matches it
        const marker = `made-${kind.name.length}-${i}`;
        const echoed = new Promise<number>((resolve) => {
          const poll = () => (output.includes(`${marker}\r\n`) || output.includes(`${marker}\n`) ? resolve(performance.now() - start) : setTimeout(poll, 1));
          poll();
        });
        await new Promise<void>((resolve) => {
          waiting = { kind, i, done: resolve };
          shell.write(`${kind.command(i)}\necho made-$((${kind.name.length}))-$((${i}))\n`);
        });
        const seen = performance.now() - start;
        samples.push(seen);
        const echo = await echoed;
        echoes.push(echo);
        beyondFloor.push(seen - echo);
      }
      all.push(...samples);
      rows.push(latencyRow(`change to probe: ${kind.name}`, samples, 1));
    }
    rows.push(latencyRow("floor: the box shell's echo after it", echoes, 1));
    rows.push(latencyRow('probe beyond the floor (seen - echo)', beyondFloor, 1));
    rows.push(latencyRow('of it: reading + carrying to nslab', readAndCarry, 1));
    unwatch();
    shell.dispose();

    const bareExec: number[] = [];
    for (let i = 0; i < SAMPLES; i++) bareExec.push(await timeBareExec(box.container));
    const p95 = percentile(all, 95);
    console.log(`nslab bench — the probe agent beside a lab box, reading every ${WATCH_INTERVAL_MS} ms`);
    for (const row of rows) console.log(row);
    console.log(latencyRow('one bare docker exec (API)', bareExec, 1));
    console.log(`change to probe p95 / bare docker exec p50: ${(p95 / percentile(bareExec, 50)).toFixed(2)}`);
    console.log(`goal: a change reaches the panels' stream ≤ ${GOAL_P95_MS} ms p95 — ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'} (${p95.toFixed(0)} ms)`);
  } finally {
    await box.dispose();
  }
}

await main();
