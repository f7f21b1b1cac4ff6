// Writable cgroups in the lab box: real engine, real kernel cgroups. And the
// promise that matters most: what a lab creates is gone from the host after.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';

let box: LabBox;
const cgroupDir = (version: string | undefined, name: string) => (version === 'v2' ? `/sys/fs/cgroup/${name}` : `/sys/fs/cgroup/memory/${name}`);

/** The container's cgroup directories on the host (this test runs on the engine's host). */
function hostCgroupDirs(containerId: string): string[] {
  const out = execFileSync('find', ['/sys/fs/cgroup', '-maxdepth', '5', '-type', 'd', '-name', `*${containerId}*`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'cgroup-itest', hostname: 'nslab-box', writableCgroups: true });
});
afterAll(async () => {
  await box?.dispose();
});

describe('a box with writable cgroups', () => {
  it('knows its cgroup version and sees its own cgroup as the root', async () => {
    expect(['v1', 'v2', 'hybrid']).toContain(box.facts.cgroupVersion);
    const self = await box.exec('cat /proc/self/cgroup');
    expect(self.stdout).toMatch(/:\/(init)?$/m);
  });

  it('lets a lab create a limited cgroup that the probe reads back', async () => {
    const dir = cgroupDir(box.facts.cgroupVersion, 'lab-itest');
    const limit = box.facts.cgroupVersion === 'v2' ? 'memory.max' : 'memory.limit_in_bytes';
    const made = await box.exec(`mkdir ${dir} && echo 48M > ${dir}/${limit} && sh -c 'echo $$ > ${dir}/cgroup.procs; exec sleep 600' >/dev/null 2>&1 &`);
    expect(made.exitCode).toBe(0);
    const snapshot = (await box.state.read()).cgroups;
    const node = snapshot.cgroups.find((c) => c.path === '/lab-itest');
    expect(node?.limits.memoryMax).toBe(48 * 1024 * 1024);
    expect(node?.procs).toHaveLength(1);
  });

  it('leaves no cgroup of the box on the host once disposed', async () => {
    const id = box.container.id;
    const before = hostCgroupDirs(id);
    expect(before.length).toBeGreaterThan(0);
    // The lab's cgroup sits below the container's on the host: its removal must take it along.
    expect(before.some((d) => existsSync(join(d, 'lab-itest')))).toBe(true);
    await box.dispose();
    const deadline = Date.now() + 5_000;
    while (hostCgroupDirs(id).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(hostCgroupDirs(id)).toEqual([]);
  });
});
