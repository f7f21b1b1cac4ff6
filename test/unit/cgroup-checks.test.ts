import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupCounter, cgroupLimit, cgroupMember, counterIncrease, cpuRate, formatBytes, parseSize } from '../../electron/engine/checks/cgroup-checks';
import { parseCgroupProbe } from '../../electron/probes/cgroup/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';
import type { NamespaceSnapshot } from '../../electron/shared/snapshots';
import type { CgroupNode, CgroupSnapshot } from '../../electron/shared/cgroup-snapshot';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cgroup/${name}`, import.meta.url), 'utf8');
const check = <K extends Check['check']>(value: Record<string, unknown> & { check: K }) => CheckSchema.parse(value) as Extract<Check, { check: K }>;
const v1 = parseCgroupProbe(fixture('v1-box-lab-cgroups.txt'));
const v2 = parseCgroupProbe(fixture('v2-guest-box-lab-cgroups.txt'));

/** The processes these fixtures were taken with (pids from their cgroup.procs). */
function processes(...list: [number, string][]): NamespaceSnapshot {
  return {
    takenAt: '',
    hostnames: {},
    userMaps: {},
    relations: {},
    processes: list.map(([pid, command]) => ({ pid, ppid: 1, name: command.split(' ')[0]!, command, nspid: [pid], namespaces: {} })),
  };
}
const v1Procs = processes([1, 'tini'], [v1.cgroups.find((c) => c.path === '/lab-pids')!.procs[0]!, 'sleep 1000']);
const v2Procs = processes([1, 'tini'], [41, 'sleep 1000'], [43, 'sh -c busy']);

describe('sizes', () => {
  it('reads cgroup sizes in binary units and prints them back', () => {
    expect(parseSize('32M')).toBe(33554432);
    expect(parseSize('0.5G')).toBe(536870912);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('max')).toBeNull();
    expect(formatBytes(33554432)).toBe('32 MiB (33554432)');
    expect(formatBytes(null)).toBe('no limit (max)');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});

describe.each([
  // The cgroup with the memory controller and no OOM kill: on v2 an ancestor's
  // memory.events counts its descendants' kills, so the root has one there.
  ['v1 (captured)', v1, v1Procs, '/'],
  ['v2 (captured on the guest)', v2, v2Procs, '/lab-cpu'],
])('cgroup checks on %s', (_name, snapshot, procs, noOom) => {
  it('cgroup.limit compares memory, cpu and pids limits in one form for both versions', () => {
    expect(cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-mem', memory: '32M' }), snapshot, procs).pass).toBe(true);
    expect(cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-cpu', cpu: '20000 100000' }), snapshot, procs).pass).toBe(true);
    expect(cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-pids', pids: 20 }), snapshot, procs).pass).toBe(true);
    const wrong = cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-mem', memory: '64M' }), snapshot, procs);
    expect(wrong).toEqual({
      pass: false,
      expected: 'the memory limit of cgroup /lab-mem to be 64 MiB (67108864)',
      found: 'cgroup /lab-mem has 32 MiB (33554432)',
    });
  });

  it('says which cgroups exist when the named one does not', () => {
    const v = cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-typo', pids: 20 }), snapshot, procs);
    expect(v.found).toMatch(/^there is no cgroup \/lab-typo with the pids controller \(the box has: \/, /);
  });

  it('cgroup.counter reads OOM kills and pids', () => {
    expect(cgroupCounter(check({ check: 'cgroup.counter', cgroup: '/lab-mem', counter: 'oom-kills', min: 1 }), snapshot, procs).pass).toBe(true);
    const none = cgroupCounter(check({ check: 'cgroup.counter', cgroup: noOom, counter: 'oom-kills', min: 1 }), snapshot, procs);
    expect(none).toMatchObject({ pass: false, expected: `OOM kills of cgroup ${noOom} to be at least 1`, found: `cgroup ${noOom} has 0` });
  });

  it('cgroup.limit finds the cgroup of a process', () => {
    const v = cgroupLimit(check({ check: 'cgroup.limit', process: { command: '^sleep' }, pids: 20 }), snapshot, procs);
    expect(v).toMatchObject({ pass: true, found: expect.stringContaining('(/lab-pids)') });
  });

  it('cgroup.member says where a process is instead', () => {
    expect(cgroupMember(check({ check: 'cgroup.member', process: { command: '^sleep' }, cgroup: '/lab-pids' }), snapshot, procs).pass).toBe(true);
    const v = cgroupMember(check({ check: 'cgroup.member', process: 'init', cgroup: '/lab-pids' }), snapshot, procs);
    expect(v.pass).toBe(false);
    expect(v.found).toMatch(/^pid 1 is in \//);
  });
});

describe('evidence and ratios', () => {
  const lab = (limits: CgroupNode['limits'], usage: CgroupNode['usage']): CgroupSnapshot => ({
    takenAt: '',
    version: 'v2',
    cgroups: [{ path: '/lab', limits, usage, procs: [], controllers: ['cpu', 'memory'] }],
  });
  const none = processes([1, 'tini']);

  it('cgroup.limit compares CPU limits as a share of each period, not one quota/period pair', () => {
    const half = check({ check: 'cgroup.limit', cgroup: '/lab', cpu: '50000 100000' });
    expect(cgroupLimit(half, lab({ cpu: { quotaUs: 20000, periodUs: 40000 } }, {}), none).pass).toBe(true);
    const fifth = cgroupLimit(half, lab({ cpu: { quotaUs: 10000, periodUs: 50000 } }, {}), none);
    expect(fifth).toEqual({
      pass: false,
      expected: 'the CPU limit (cpu.max) of cgroup /lab to be 0.5 CPU ("50000 100000" or any quota/period in that ratio)',
      found: 'cgroup /lab has "10000 50000", 0.2 CPU',
    });
    const unlimited = cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab', cpu: 'max' }), lab({ cpu: { quotaUs: null, periodUs: 100000 } }, {}), none);
    expect(unlimited.pass).toBe(true);
  });

  it('cgroup.limit says where a limit went when it was written into another cgroup', () => {
    const snapshot: CgroupSnapshot = {
      takenAt: '',
      version: 'v1',
      cgroups: [
        { path: '/', limits: { memoryMax: 33554432 }, usage: {}, procs: [], controllers: ['memory'] },
        { path: '/lab-mem', limits: { memoryMax: null }, usage: {}, procs: [], controllers: ['memory'] },
      ],
    };
    const v = cgroupLimit(check({ check: 'cgroup.limit', cgroup: '/lab-mem', memory: '32M' }), snapshot, none);
    expect(v).toMatchObject({
      pass: false,
      found: "cgroup /lab-mem has no limit (max); that limit is set on cgroup / instead: write it into /lab-mem's own file",
    });
  });

  it('cgroup.counter memory-peak proves where the memory was held', () => {
    const held = check({ check: 'cgroup.counter', cgroup: '/lab', counter: 'memory-peak', min: 209715200 });
    expect(cgroupCounter(held, lab({}, { memoryPeak: 270_000_000 }), none).pass).toBe(true);
    expect(cgroupCounter(held, lab({}, { memoryPeak: 33_554_432 }), none)).toMatchObject({ pass: false, found: 'cgroup /lab has 33554432' });
  });
});

describe('a counter\'s increase since the step began', () => {
  const box = (oomKills: number | undefined): CgroupSnapshot => ({
    takenAt: '',
    version: 'v2',
    cgroups: oomKills === undefined ? [] : [{ path: '/lab-mem', limits: {}, usage: { oomKills }, procs: [], controllers: ['memory'] }],
  });
  const none = processes([1, 'tini']);
  const noNewKill = check({ check: 'cgroup.counter', cgroup: '/lab-mem', counter: 'oom-kills', since: 'step-start', max: 0 });

  it('counts from the baseline, not from the cgroup\'s birth', () => {
    // The earlier step's one OOM event killed twice (seen on the guest): the total is 2, this step added none.
    expect(cgroupCounter(noNewKill, box(2), none, { cgroups: box(2), from: 'step-start' })).toEqual({
      pass: true,
      expected: 'new OOM kills of cgroup /lab-mem since this step began to be at most 0',
      found: 'cgroup /lab-mem has 0 new (2 in all, 2 before)',
    });
    expect(cgroupCounter(noNewKill, box(3), none, { cgroups: box(2), from: 'step-start' })).toMatchObject({
      pass: false,
      found: 'cgroup /lab-mem has 1 new (3 in all, 2 before)',
    });
  });

  it('counts a cgroup made during the step, or made anew, from 0', () => {
    expect(counterIncrease(1, '/lab-mem', 'oomKills', 'memory', box(undefined))).toEqual({ increase: 1, base: 0 });
    // rmdir and mkdir again: the new cgroup's events start at 0, below the old one's.
    expect(counterIncrease(1, '/lab-mem', 'oomKills', 'memory', box(4))).toEqual({ increase: 1, base: 0 });
  });

  it('says when nobody saw the step begin', () => {
    const v = cgroupCounter(noNewKill, box(2), none, { cgroups: box(2), from: 'first-check' });
    expect(v.expected).toBe('new OOM kills of cgroup /lab-mem since your first check of this step (nslab did not see the step begin) to be at most 0');
    expect(cgroupCounter(noNewKill, box(2), none)).toMatchObject({ pass: false, found: 'no reading of the cgroups from when the step began' });
  });

  it('is allowed only on counters that only grow', () => {
    const gauge = CheckSchema.safeParse({ check: 'cgroup.counter', cgroup: '/lab', counter: 'pids-current', since: 'step-start', max: 0 });
    expect(gauge.success).toBe(false);
    expect(gauge.error?.issues[0]).toMatchObject({ path: ['since'], message: expect.stringContaining('a counter that only grows') });
    expect(CheckSchema.safeParse({ check: 'cgroup.counter', cgroup: '/lab', counter: 'oom-kills', since: 'lab-start', max: 0 }).success).toBe(false);
  });
});

describe('cpuRate', () => {
  it('is CPU time over wall time', () => {
    const node = (us: number) => ({ path: '/x', limits: {}, usage: { cpuUsageUs: us }, procs: [], controllers: [] });
    expect(cpuRate(node(1_000_000), node(1_400_000), 2_000)).toBeCloseTo(0.2);
    expect(cpuRate({ ...node(0), usage: {} }, node(1), 1000)).toBeUndefined();
  });
});
