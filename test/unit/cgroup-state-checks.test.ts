import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupDevices, cgroupFreezer, grantedAccess, usageRatio, weightRatio } from '../../electron/engine/checks/cgroup-state-checks';
import { unmetNeed } from '../../electron/engine/checks/needs';
import { parseCgroupProbe } from '../../electron/probes/cgroup/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';
import type { CgroupNode } from '../../electron/shared/cgroup-snapshot';
import type { NamespaceSnapshot } from '../../electron/shared/snapshots';

// A real reading of the probe agent in the middle of the cgroup-weights-and-freezer lab (see the fixtures README).
const v1 = parseCgroupProbe(readFileSync(new URL('../fixtures/cgroup/v1-weights-freezer-devices.txt', import.meta.url), 'utf8'));
const noProcesses: NamespaceSnapshot = { takenAt: '', processes: [], hostnames: {}, userMaps: {}, relations: {} };
const check = <K extends Check['check']>(value: Record<string, unknown> & { check: K }) => CheckSchema.parse(value) as Extract<Check, { check: K }>;
const node = (path: string) => v1.cgroups.find((c) => c.path === path)!;

describe('cgroup features beyond limits, over a real v1 reading', () => {
  it('parses shares, the freezer and the device list per cgroup', () => {
    expect(node('/lab-a').limits.cpuShares).toBe(1024);
    expect(node('/lab-b').limits.cpuShares).toBe(3072);
    expect(node('/lab-b').freezer).toBe('frozen');
    expect(node('/').freezer).toBe('thawed');
    expect(node('/lab-dev').devices).toContain('c 1:5 m');
  });

  it('compares weights as a ratio, whatever the scale', () => {
    const ratio = check({ check: 'cgroup.cpu-ratio', cgroup: '/lab-b', over: '/lab-a', measure: 'weight', min: 2.95, max: 3.05 });
    expect(weightRatio(ratio, v1, noProcesses)).toEqual({
      pass: true,
      expected: 'a CPU weight (cpu.weight, v1 cpu.shares) of /lab-b between 2.95 and 3.05 times that of /lab-a',
      found: '/lab-b has cpu.shares 3072, /lab-a cpu.shares 1024: 3.00 times',
    });
    const swapped = check({ check: 'cgroup.cpu-ratio', cgroup: '/lab-a', over: '/lab-b', measure: 'weight', min: 2.95, max: 3.05 });
    expect(weightRatio(swapped, v1, noProcesses)).toMatchObject({ pass: false, found: expect.stringContaining('0.33 times') });
  });

  it('divides the CPU time two cgroups gained over a window, naming their weights', () => {
    const ratio = check({ check: 'cgroup.cpu-ratio', cgroup: '/lab-b', over: '/lab-a', min: 2, max: 4.5 });
    const at = (n: CgroupNode, us: number): CgroupNode => ({ ...n, usage: { ...n.usage, cpuUsageUs: us } });
    const before = { a: at(node('/lab-b'), 0), b: at(node('/lab-a'), 0) };
    expect(usageRatio(ratio, before, { a: at(node('/lab-b'), 3_000_000), b: at(node('/lab-a'), 1_000_000) }, 4000)).toEqual({
      pass: true,
      expected: 'CPU use over 3000 ms of /lab-b between 2 and 4.5 times that of /lab-a',
      found: '/lab-b used 0.75 CPUs and /lab-a 0.25 over 4000 ms, 3.00 times as much (weights: /lab-b cpu.shares 3072, /lab-a cpu.shares 1024)',
    });
    expect(usageRatio(ratio, before, { a: at(node('/lab-b'), 2_000_000), b: at(node('/lab-a'), 0) }, 4000)).toMatchObject({
      pass: false,
      found: expect.stringContaining('/lab-a used none to compare with'),
    });
  });

  it('on v1, refuses a ratio counted in cpuacct by a task its cpu cgroup does not weigh', () => {
    const ratio = check({ check: 'cgroup.cpu-ratio', cgroup: '/lab-b', over: '/lab-a', min: 2, max: 4.5 });
    const at = (n: CgroupNode, us: number): CgroupNode => ({ ...n, usage: { ...n.usage, cpuUsageUs: us } });
    const lab = node('/lab-a');
    const loop = lab.procsByController?.cpuacct?.[0];
    expect(loop).toBeDefined();
    expect(lab.procsByController?.cpu).toContain(loop);
    // the loop niced in the box's cpu cgroup, counted in cpuacct's /lab-a only
    const niced: CgroupNode = { ...lab, procsByController: { ...lab.procsByController, cpu: [] } };
    const before = { a: at(node('/lab-b'), 0), b: at(niced, 0) };
    expect(usageRatio(ratio, before, { a: at(node('/lab-b'), 3_000_000), b: at(niced, 1_000_000) }, 4000)).toMatchObject({
      pass: false,
      found: expect.stringContaining(`pid ${loop} counts in cpuacct's /lab-a but is not in the cpu hierarchy's /lab-a, where its weight applies`),
    });
  });

  it('reads the freezer of the v1 freezer hierarchy', () => {
    expect(cgroupFreezer(check({ check: 'cgroup.freezer', cgroup: '/lab-b', state: 'frozen' }), v1, noProcesses)).toMatchObject({ pass: true, found: 'cgroup /lab-b is frozen' });
    expect(cgroupFreezer(check({ check: 'cgroup.freezer', cgroup: '/lab-a', state: 'frozen' }), v1, noProcesses)).toMatchObject({
      pass: false,
      found: expect.stringContaining('there is no cgroup /lab-a with the freezer controller'),
    });
  });

  it("reads v2's cgroup.events: asked (cgroup.freeze 1) is not done (frozen 1)", () => {
    const v2 = (freeze: string, frozen: string) =>
      parseCgroupProbe(`M /sys/fs/cgroup\tcgroup2\t/\trw\nD /sys/fs/cgroup\t/lab-b\nF cgroup.freeze\n| ${freeze}\nF cgroup.events\n| populated 1\n| frozen ${frozen}\n`);
    expect(v2('1', '1').cgroups[0]?.freezer).toBe('frozen');
    expect(v2('1', '0').cgroups[0]?.freezer).toBe('freezing');
    expect(v2('0', '0').cgroups[0]?.freezer).toBe('thawed');
  });

  it('grants a device the union of the entries that cover it', () => {
    expect(grantedAccess(['b *:* m', 'c *:* m', 'c 1:5 rwm'], 'c 1:5')).toBe('rwm');
    expect(grantedAccess(['c *:* m', 'c 1:5 m'], 'c 1:5')).toBe('m');
    expect(grantedAccess(['a *:* rwm'], 'b 8:0')).toBe('rwm');
    expect(grantedAccess(['c 136:* rwm'], 'c 136:4')).toBe('rwm');
    expect(grantedAccess(['c 1:3 rwm'], 'b 8:0')).toBe('');
  });

  it('passes a deny written into the cgroup, and names what the box itself still grants', () => {
    const deny = (cgroup: string) => check({ check: 'cgroup.devices', cgroup, device: 'c 1:5', denied: 'rw', needs: 'cgroup-v1' });
    expect(cgroupDevices(deny('/lab-dev'), v1, noProcesses)).toMatchObject({ pass: true, found: expect.stringContaining('grants c 1:5 "m"') });
    expect(cgroupDevices(deny('/'), v1, noProcesses)).toMatchObject({ pass: false, found: expect.stringContaining('grants c 1:5 "rwm"') });
  });

  it('skips a v1-only check on cgroup v2, saying why', () => {
    expect(unmetNeed('cgroup-v1', { cgroupVersion: 'v1' })).toBeUndefined();
    expect(unmetNeed('cgroup-v1', { cgroupVersion: 'v2' })).toContain('device rules are a BPF program');
  });
});
