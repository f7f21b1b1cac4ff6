// One cgroup card's content, from its node: gauges of usage against limits,
// the CPU limit in CPUs, the counters that show a limit biting. Pure.
import type { CgroupNode } from '../../../electron/shared/cgroup-snapshot';
import { formatBytes, formatMicros } from './format';
/** How many member PIDs a card lists. */
export const MAX_PIDS = 8;

export type CounterKey = 'oomKills' | 'memoryLimitHits' | 'pidsRefused' | 'cpuThrottled';

export const COUNTERS: readonly { key: CounterKey; label: string; title: string; alarming: boolean }[] = [
  { key: 'oomKills', label: 'OOM kills', title: 'processes killed by the OOM killer in this cgroup', alarming: true },
  {
    key: 'memoryLimitHits',
    label: 'memory limit hits',
    title: 'times usage hit the memory limit (v1 memory.failcnt, v2 memory.events max)',
    alarming: false,
  },
  { key: 'pidsRefused', label: 'forks refused', title: 'forks refused because pids.max was reached', alarming: false },
  { key: 'cpuThrottled', label: 'throttled periods', title: 'CPU periods in which the cgroup used up its quota', alarming: false },
];

export interface Gauge {
  /** 0..100, or undefined when there is no limit to measure against */
  percent: number | undefined;
  used: string;
  /** "/ 32 MiB" or "· no limit" */
  limit: string;
  level: 'ok' | 'high' | 'full' | 'none';
}

export interface Counter {
  key: CounterKey;
  label: string;
  title: string;
  value: number;
  alarm: boolean;
}

export interface Card {
  node: CgroupNode;
  memory: Gauge | undefined;
  swap: string | undefined;
  cpu: { limit: string; cpus: string; used: string | undefined } | undefined;
  pids: Gauge | undefined;
  counters: Counter[];
  shownPids: number[];
  morePids: number;
}

export function gauge(current: number | undefined, max: number | null | undefined, format: (n: number) => string): Gauge {
  const used = current === undefined ? '?' : format(current);
  if (max === null || max === undefined) return { percent: undefined, used, limit: '· no limit', level: 'none' };
  const ratio = current === undefined ? 0 : max === 0 ? 1 : current / max;
  const percent = Math.min(100, Math.max(0, ratio * 100));
  return {
    percent,
    used,
    limit: `/ ${format(max)}`,
    level: ratio >= 0.9 ? 'full' : ratio >= 0.7 ? 'high' : 'ok',
  };
}

export function hasLimit(node: CgroupNode): boolean {
  const { cpu, memoryMax, swapMax, pidsMax } = node.limits;
  return (
    (cpu !== undefined && cpu.quotaUs !== null) ||
    (memoryMax !== undefined && memoryMax !== null) ||
    (swapMax !== undefined && swapMax !== null) ||
    (pidsMax !== undefined && pidsMax !== null)
  );
}

function cpus(quotaUs: number, periodUs: number): string {
  const n = periodUs > 0 ? quotaUs / periodUs : 0;
  const text = String(Number(n.toFixed(2)));
  return `${text} CPU${n === 1 ? '' : 's'}`;
}

export function card(node: CgroupNode): Card {
  const { limits, usage } = node;
  const memoryKnown = usage.memoryCurrent !== undefined || limits.memoryMax !== undefined;
  const pidsKnown = usage.pidsCurrent !== undefined || limits.pidsMax !== undefined;
  const cpu = limits.cpu;
  return {
    node,
    memory: memoryKnown ? gauge(usage.memoryCurrent, limits.memoryMax, formatBytes) : undefined,
    swap: limits.swapMax === undefined || limits.swapMax === null ? undefined : formatBytes(limits.swapMax),
    cpu:
      cpu || usage.cpuUsageUs !== undefined
        ? {
            limit: cpu ? `${cpu.quotaUs ?? 'max'}/${cpu.periodUs}` : '',
            cpus: cpu && cpu.quotaUs !== null ? cpus(cpu.quotaUs, cpu.periodUs) : 'no limit',
            used: usage.cpuUsageUs === undefined ? undefined : formatMicros(usage.cpuUsageUs),
          }
        : undefined,
    pids: pidsKnown ? gauge(usage.pidsCurrent, limits.pidsMax, String) : undefined,
    counters: COUNTERS.flatMap(({ key, label, title, alarming }) => {
      const value = usage[key];
      if (value === undefined) return [];
      // "99 of 101 periods throttled": the share says more than the count.
      const shown = key === 'cpuThrottled' && usage.cpuPeriods ? `of ${usage.cpuPeriods} periods throttled` : label;
      return [{ key, label: shown, title, value, alarm: alarming && value > 0 }];
    }),
    shownPids: node.procs.slice(0, MAX_PIDS),
    morePids: Math.max(0, node.procs.length - MAX_PIDS),
  };
}
