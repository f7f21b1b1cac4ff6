// The cgroup charts' series from the snapshots the feed pushes: a minute kept,
// CPU as a rate against the quota with throttled moments, memory with OOM kills.
import { describe, expect, it } from 'vitest';
import type { CgroupSnapshot, CgroupUsage } from '../../electron/shared/cgroup-snapshot';
import { addSnapshot, cpuSeries, memorySeries, pidsSeries, WINDOW_MS, type CgroupHistory } from '../../renderer/src/panels/cgroup-history';

const T0 = Date.parse('2026-12-04T23:00:00Z');
const snapshot = (ms: number, usage: CgroupUsage): CgroupSnapshot => ({
  takenAt: new Date(T0 + ms).toISOString(),
  version: 'v1',
  cgroups: [{ path: '/lab-cpu', limits: {}, usage, procs: [], controllers: ['cpu'] }],
});

function history(...snapshots: CgroupSnapshot[]): CgroupHistory {
  return snapshots.reduce<CgroupHistory>((h, s) => addSnapshot(h, s), new Map());
}

describe('cgroup history', () => {
  it('keeps the last minute and the one sample before it, per cgroup', () => {
    const h = history(snapshot(0, { pidsCurrent: 1 }), snapshot(30_000, { pidsCurrent: 2 }), snapshot(70_000, { pidsCurrent: 3 }), snapshot(95_000, { pidsCurrent: 4 }));
    expect(h.get('/lab-cpu')!.map((s) => s.pids)).toEqual([2, 3, 4]);
  });

  it('draws CPU as CPUs used between samples against quota/period, marks throttling, and holds 0 until now', () => {
    const h = history(
      snapshot(0, { cpuUsageUs: 0, cpuThrottled: 0 }),
      snapshot(1000, { cpuUsageUs: 200_000, cpuThrottled: 0 }),
      snapshot(2000, { cpuUsageUs: 400_000, cpuThrottled: 9 }),
    );
    const series = cpuSeries(h.get('/lab-cpu')!, { quotaUs: 20_000, periodUs: 100_000 }, T0 + 5000);
    expect(series.xs).toEqual([T0 / 1000, T0 / 1000 + 1, T0 / 1000 + 2, T0 / 1000 + 5]);
    expect(series.values).toEqual([null, 0.2, 0.2, 0]);
    expect(series.limit).toEqual([0.2, 0.2, 0.2, 0.2]);
    expect(series.events).toEqual([null, null, 0.2, null]);
  });

  it('marks an OOM kill on the memory curve; no limit is no line', () => {
    const h = history(snapshot(0, { memoryCurrent: 10, oomKills: 0 }), snapshot(500, { memoryCurrent: 60, oomKills: 1 }));
    const memory = memorySeries(h.get('/lab-cpu')!, 64, T0 + 500);
    expect(memory.values).toEqual([10, 60]);
    expect(memory.events).toEqual([null, 60]);
    expect(pidsSeries(h.get('/lab-cpu')!, null, T0 + WINDOW_MS).limit.every((l) => l === null)).toBe(true);
  });
});
