// The cgroup probe (the agent beside the box) and the cgroup panel's snapshot
// against a real cgroup v2 box (the guest), made by the recipe of the committed
// v2 fixture (test/fixtures/cgroup/README.md): what the unit tests read from the
// fixture, the probe reads from the kernel here. The snapshot is kept in
// test-results/guest-captures/ to compare the fixture with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { BOX_LIMITS } from '../../electron/env/docker/box-security';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import type { CgroupSnapshot } from '../../electron/shared/cgroup-snapshot';

const RECIPE = String.raw`
mkdir /sys/fs/cgroup/lab-mem /sys/fs/cgroup/lab-pids /sys/fs/cgroup/lab-cpu
echo 33554432 > /sys/fs/cgroup/lab-mem/memory.max
echo 0 > /sys/fs/cgroup/lab-mem/memory.swap.max
echo 20 > /sys/fs/cgroup/lab-pids/pids.max
echo "20000 100000" > /sys/fs/cgroup/lab-cpu/cpu.max
sh -c 'echo $$ > /sys/fs/cgroup/lab-mem/cgroup.procs; exec tail /dev/zero' || true
(sh -c 'echo $$ > /sys/fs/cgroup/lab-pids/cgroup.procs; exec sleep 1000' &)
(sh -c 'echo $$ > /sys/fs/cgroup/lab-cpu/cgroup.procs; while :; do :; done' &)
sleep 2
`;

let box: LabBox;
let snapshot: CgroupSnapshot;

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'guest-cgroup-probe', hostname: 'nslab-box', writableCgroups: true });
  const made = await box.exec(RECIPE, { timeoutMs: 120_000 });
  expect(made.stderr.replace(/.*Killed.*\n?/g, '')).toBe('');
  snapshot = (await box.state.read()).cgroups;
  mkdirSync('test-results/guest-captures', { recursive: true });
  writeFileSync('test-results/guest-captures/v2-box-lab-cgroups.json', `${JSON.stringify(snapshot, null, 2)}\n`);
});

afterAll(async () => box?.dispose());

const node = (path: string) => {
  const found = snapshot.cgroups.find((c) => c.path === path);
  if (!found) throw new Error(`no ${path} in ${snapshot.cgroups.map((c) => c.path).join(', ')}`);
  return found;
};

it('reads the box as cgroup v2, on its own clock', () => {
  expect(snapshot.version).toBe('v2');
  expect(snapshot.monotonicMs).toBeGreaterThan(0);
  expect(node('/lab-mem').controllers).toEqual(['cpu', 'memory', 'pids']);
});

it('reads cpu.max, memory.max with swap, and pids.max as written', () => {
  expect(node('/lab-cpu').limits.cpu).toEqual({ quotaUs: 20000, periodUs: 100000 });
  expect(node('/lab-mem').limits).toMatchObject({ memoryMax: 33554432, swapMax: 0 });
  expect(node('/lab-pids').limits.pidsMax).toBe(20);
  // The box's own cgroup holds the ceilings every box gets (box-security.ts).
  expect(node('/').limits.memoryMax).toBe(BOX_LIMITS.Memory);
  expect(node('/').limits.pidsMax).toBe(BOX_LIMITS.PidsLimit);
});

it('sees the OOM kill, the member processes and the throttled busy loop', () => {
  expect(node('/lab-mem').usage.oomKills).toBeGreaterThanOrEqual(1);
  expect(node('/lab-mem').usage.memoryLimitHits).toBeGreaterThanOrEqual(1);
  expect(node('/lab-pids').procs).toHaveLength(1);
  expect(node('/lab-pids').usage.pidsCurrent).toBe(1);
  expect(node('/lab-cpu').usage.cpuThrottled).toBeGreaterThan(0);
  expect(node('/init').procs).toContain(1);
});
