// The doctor's pure parts on real captured output: the controllers a box sees,
// runc's refusal of --privileged, and which labs can run on which facts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseControllers } from '../../electron/env/doctor/cgroup-controllers';
import { refusalReason } from '../../electron/env/doctor/engine-probe';
import { labReadiness } from '../../electron/env/doctor/lab-readiness';
import { loadLab } from '../../electron/labs/loader';
import type { DoctorFacts } from '../../electron/shared/doctor';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/guest/${name}`, import.meta.url), 'utf8');

describe('the cgroup controllers a box can use', () => {
  it('reads the enabled v1 hierarchies from /proc/cgroups (build machine, cgroup v1)', () => {
    expect(parseControllers(fixture('controllers-v1-box.txt'))).toEqual({
      version: '1',
      controllers: ['blkio', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'memory', 'pids'],
    });
  });

  it("reads the box root's cgroup.controllers on v2 (the nslab guest)", () => {
    expect(parseControllers(fixture('controllers-v2-guest-box.txt'))).toEqual({
      version: '2',
      controllers: ['cpu', 'cpuset', 'hugetlb', 'io', 'memory', 'misc', 'pids', 'rdma'],
    });
  });
});

it("names runc's reason for refusing --privileged, without the layers around it", () => {
  expect(refusalReason(fixture('privileged-refused.txt'))).toBe('unable to apply caps: operation not permitted');
});

describe('which labs can run here', () => {
  const v2: DoctorFacts = { engineAddress: 'unix:///x', engineReachable: true, cgroupVersion: '2', cgroupControllers: ['cpu', 'memory', 'pids'], clusterReachable: false };
  const images = new Set(['nslab/box:1', 'nslab/box-docker:1']);

  it('a cgroup lab needs the controllers its checks read', async () => {
    const lab = await loadLab('labs/cgroup-cpu-limit');
    expect(labReadiness(lab, { facts: v2, images })).toMatchObject({ ready: true, needs: ['a Docker engine', 'nslab/box:1', 'cgroup controllers cpu'] });
    const noCpu = labReadiness(lab, { facts: { ...v2, cgroupControllers: ['memory', 'pids'] }, images });
    expect(noCpu).toMatchObject({ ready: false, missing: { need: 'cgroup controllers cpu' } });
    expect(noCpu.missing?.fix).toContain('nslab guest up');
    // v1 accounts CPU time in a hierarchy of its own: both are needed.
    const v1 = { ...v2, cgroupVersion: '1' as const, cgroupControllers: ['cpu', 'memory', 'pids'] };
    expect(labReadiness(lab, { facts: v1, images }).ready).toBe(false);
    expect(labReadiness(lab, { facts: { ...v1, cgroupControllers: ['cpu', 'cpuacct'] }, images }).ready).toBe(true);
  });

  it('names the first missing piece: the engine before the image', async () => {
    const lab = await loadLab('labs/uts-namespace');
    expect(labReadiness(lab, { facts: { ...v2, engineReachable: false }, images: new Set() }).missing?.need).toBe('a Docker engine');
    expect(labReadiness(lab, { facts: v2, images: new Set() }).missing?.need).toBe('nslab/box:1');
  });

  it('a Kubernetes lab needs a cluster that answers', async () => {
    const lab = await loadLab('labs/static-pv-binding');
    expect(labReadiness(lab, { facts: v2, images }).missing?.need).toBe('a Kubernetes cluster');
    expect(labReadiness(lab, { facts: { ...v2, clusterReachable: true }, images }).ready).toBe(true);
  });
});
