// The last minute of each cgroup, from the snapshots the panel feed pushes
// (one each time the state changed), turned into the series the cgroup charts
// draw: CPU rate against the quota with throttled moments marked, memory
// against its limit with OOM kills marked, pids against pids.max. Pure.
import type { CgroupNode, CgroupSnapshot, CpuLimit } from '../../../electron/shared/cgroup-snapshot';

export const WINDOW_MS = 60_000;

export interface CgroupSample {
  /** when the probe read it, ms since the epoch */
  t: number;
  cpuUs?: number;
  throttled?: number;
  memory?: number;
  oomKills?: number;
  pids?: number;
}

/** cgroup path -> its samples, oldest first */
export type CgroupHistory = ReadonlyMap<string, readonly CgroupSample[]>;

function sample(t: number, node: CgroupNode): CgroupSample {
  const u = node.usage;
  return { t, cpuUs: u.cpuUsageUs, throttled: u.cpuThrottled, memory: u.memoryCurrent, oomKills: u.oomKills, pids: u.pidsCurrent };
}

/**
 * The history with `snapshot` added. A sample just older than the window is
 * kept, so the first rate of the window has a point to start from.
 */
export function addSnapshot(history: CgroupHistory, snapshot: CgroupSnapshot): CgroupHistory {
  const t = Date.parse(snapshot.takenAt);
  const next = new Map<string, readonly CgroupSample[]>();
  for (const node of snapshot.cgroups) {
    const samples = [...(history.get(node.path) ?? []).filter((s) => s.t < t), sample(t, node)];
    const firstInside = samples.findIndex((s) => s.t >= t - WINDOW_MS);
    next.set(node.path, samples.slice(Math.max(0, firstInside - 1)));
  }
  return next;
}

/** What one chart draws: x in seconds, then the value, the limit and the marked events (null: none). */
export interface ChartSeries {
  xs: number[];
  values: (number | null)[];
  limit: (number | null)[];
  events: (number | null)[];
}

/**
 * The feed sends a snapshot only when something changed, so the state holds
 * until `now`: the last sample is carried to it, and the window ends there.
 */
function series(
  samples: readonly CgroupSample[],
  now: number,
  value: (s: CgroupSample, previous: CgroupSample | undefined) => number | undefined,
  event: (s: CgroupSample, previous: CgroupSample | undefined) => boolean,
  limit: number | null,
  holdAtNow: (last: CgroupSample) => number | undefined,
): ChartSeries {
  const out: ChartSeries = { xs: [], values: [], limit: [], events: [] };
  const push = (t: number, v: number | undefined, marked: boolean) => {
    if (t < now - WINDOW_MS) return;
    out.xs.push(t / 1000);
    out.values.push(v ?? null);
    out.limit.push(limit);
    out.events.push(marked && v !== undefined ? v : null);
  };
  samples.forEach((s, i) => push(s.t, value(s, samples[i - 1]), event(s, samples[i - 1])));
  const last = samples[samples.length - 1];
  if (last && now > last.t) push(now, holdAtNow(last), false);
  return out;
}

const rose = (key: 'throttled' | 'oomKills') => (s: CgroupSample, p: CgroupSample | undefined) =>
  p !== undefined && (s[key] ?? 0) > (p[key] ?? 0);

/** CPUs used between two samples (1 = one CPU busy), against quota/period; throttled periods marked. */
export function cpuSeries(samples: readonly CgroupSample[], cpu: CpuLimit | undefined, now: number): ChartSeries {
  const rate = (s: CgroupSample, p: CgroupSample | undefined) =>
    p === undefined || s.cpuUs === undefined || p.cpuUs === undefined || s.t <= p.t ? undefined : (s.cpuUs - p.cpuUs) / 1000 / (s.t - p.t);
  const limit = cpu && cpu.quotaUs !== null && cpu.periodUs > 0 ? cpu.quotaUs / cpu.periodUs : null;
  // No snapshot since the last one: the usage did not move, the rate was 0.
  return series(samples, now, rate, rose('throttled'), limit, () => 0);
}

export function memorySeries(samples: readonly CgroupSample[], memoryMax: number | null | undefined, now: number): ChartSeries {
  return series(samples, now, (s) => s.memory, rose('oomKills'), memoryMax ?? null, (last) => last.memory);
}

export function pidsSeries(samples: readonly CgroupSample[], pidsMax: number | null | undefined, now: number): ChartSeries {
  return series(samples, now, (s) => s.pids, () => false, pidsMax ?? null, (last) => last.pids);
}
