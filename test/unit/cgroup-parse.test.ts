import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectCgroupVersion,
  formatCpuLimit,
  parseCgroupProbe,
  parseCpuMax,
  parseKeyValues,
  parseLimit,
  parseProcCgroup,
  parseV1Cpu,
} from '../../electron/probes/cgroup/parse';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cgroup/${name}`, import.meta.url), 'utf8');
const node = (snapshot: ReturnType<typeof parseCgroupProbe>, path: string) => snapshot.cgroups.find((c) => c.path === path)!;

describe('cgroup v1 (captured in a real box)', () => {
  const snapshot = parseCgroupProbe(fixture('v1-box-lab-cgroups.txt'));

  it('detects v1 and merges every hierarchy into one node per path', () => {
    expect(snapshot.version).toBe('v1');
    expect(snapshot.cgroups.map((c) => c.path)).toEqual(['/', '/lab-cpu', '/lab-mem', '/lab-pids']);
    expect(node(snapshot, '/').controllers).toEqual(['cpu', 'cpuacct', 'cpuset', 'memory', 'pids']);
  });

  it('reads unlimited v1 values as no limit', () => {
    expect(node(snapshot, '/').limits).toEqual({ cpu: { quotaUs: null, periodUs: 100000 }, memoryMax: null, swapMax: null, pidsMax: null });
  });

  it('normalises the limits the lab set', () => {
    expect(node(snapshot, '/lab-cpu').limits.cpu).toEqual({ quotaUs: 20000, periodUs: 100000 });
    expect(node(snapshot, '/lab-mem').limits.memoryMax).toBe(33554432);
    expect(node(snapshot, '/lab-pids').limits.pidsMax).toBe(20);
  });

  it('counts the OOM kill from memory.oom_control and the limit hits from failcnt', () => {
    expect(node(snapshot, '/lab-mem').usage).toMatchObject({ oomKills: 1, memoryLimitHits: 103 });
  });

  it('lists member processes and CPU usage in microseconds', () => {
    expect(node(snapshot, '/lab-pids').procs).toHaveLength(1);
    expect(node(snapshot, '/').usage.cpuUsageUs).toBe(64428);
  });
});

describe('cgroup v2 (captured in a box on the nslab guest, see fixtures README)', () => {
  const snapshot = parseCgroupProbe(fixture('v2-guest-box-lab-cgroups.txt'));

  it('detects v2 and reads cpu.max, memory.max and pids.max', () => {
    expect(snapshot.version).toBe('v2');
    expect(node(snapshot, '/lab-cpu').limits.cpu).toEqual({ quotaUs: 20000, periodUs: 100000 });
    expect(node(snapshot, '/lab-mem').limits).toMatchObject({ memoryMax: 33554432, swapMax: 0 });
    expect(node(snapshot, '/lab-pids').limits.pidsMax).toBe(20);
    // With the systemd cgroup driver the container's own cgroup carries systemd's
    // DefaultTasksMax, not "max" (the reconstructed fixture this replaces had it wrong).
    expect(node(snapshot, '/').limits).toMatchObject({ cpu: { quotaUs: null }, memoryMax: null, pidsMax: 4644 });
  });

  it('reads usage and events, counted up the tree', () => {
    expect(node(snapshot, '/lab-cpu').usage).toMatchObject({ cpuUsageUs: 1784376, cpuPeriods: 88, cpuThrottled: 79 });
    expect(node(snapshot, '/lab-mem').usage).toMatchObject({ oomKills: 1, memoryLimitHits: 18, memoryCurrent: 4096 });
    // memory.events of an ancestor counts its descendants' OOM kills.
    expect(node(snapshot, '/').usage.oomKills).toBe(1);
    expect(node(snapshot, '/lab-pids').usage).toMatchObject({ pidsCurrent: 1, pidsRefused: 0 });
    expect(node(snapshot, '/init').procs).toEqual([1, 7, 45, 51, 56, 58]);
    expect(node(snapshot, '/lab-mem').controllers).toEqual(['cpu', 'memory', 'pids']);
    expect(node(snapshot, '/').controllers).toEqual(['cpu', 'cpuset', 'hugetlb', 'io', 'memory', 'misc', 'pids', 'rdma']);
  });
});

describe('cgroup hybrid host (captured on the build machine)', () => {
  const snapshot = parseCgroupProbe(fixture('hybrid-host.txt'));

  it('detects hybrid and takes controllers from both kinds of hierarchy', () => {
    expect(snapshot.version).toBe('hybrid');
    expect(node(snapshot, '/').controllers).toEqual(expect.arrayContaining(['cpu', 'memory', 'pids', 'hugetlb']));
  });

  it('reads the host paths of containers and of the cgroups a lab made inside one', () => {
    const labMem = snapshot.cgroups.find((c) => c.path.startsWith('/docker/') && c.path.endsWith('/lab-mem'));
    expect(labMem?.limits.memoryMax).toBe(536870912);
    expect(snapshot.cgroups.find((c) => c.path.endsWith('/lab-pids'))?.limits.pidsMax).toBe(20);
  });
});

describe('cgroup parsers', () => {
  it('detects hybrid when both kinds are mounted', () => {
    expect(detectCgroupVersion(['cgroup', 'cgroup', 'cgroup2'])).toBe('hybrid');
    expect(detectCgroupVersion(['cgroup2'])).toBe('v2');
    expect(detectCgroupVersion(['cgroup'])).toBe('v1');
  });

  it('parses /proc/<pid>/cgroup of v1, v2 and hybrid hosts', () => {
    expect(parseProcCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')).toEqual([
      { hierarchyId: 0, controllers: [], path: '/user.slice/user-1000.slice/session-2.scope' },
    ]);
    expect(parseProcCgroup('12:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n')).toEqual([
      { hierarchyId: 12, controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
      { hierarchyId: 1, controllers: ['name=systemd'], path: '/docker/abc' },
      { hierarchyId: 0, controllers: [], path: '/docker/abc' },
    ]);
    expect(parseProcCgroup('0::/with:colon')[0]!.path).toBe('/with:colon');
    expect(() => parseProcCgroup('garbage')).toThrow(/not a \/proc\/<pid>\/cgroup line/);
  });

  it('reads "max", -1, numbers and v1 unlimited', () => {
    expect(parseLimit('max\n')).toBeNull();
    expect(parseLimit('-1')).toBeNull();
    expect(parseLimit('9223372036854771712')).toBeNull();
    expect(parseLimit('67108864')).toBe(67108864);
    expect(() => parseLimit('lots')).toThrow(/not a cgroup limit/);
  });

  it('normalises CPU limits of both versions to cpu.max form', () => {
    expect(formatCpuLimit(parseCpuMax('50000 100000\n'))).toBe('50000 100000');
    expect(formatCpuLimit(parseCpuMax('max 100000'))).toBe('max 100000');
    expect(formatCpuLimit(parseV1Cpu('-1\n', '100000\n'))).toBe('max 100000');
    expect(formatCpuLimit(parseV1Cpu('150000', '100000'))).toBe('150000 100000');
  });

  it('parses key-value files', () => {
    expect(parseKeyValues('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n')).toEqual({ oom_kill_disable: 0, under_oom: 0, oom_kill: 2 });
  });
});
