// Pure: checks over the normalised cgroup snapshot (v1 and v2 alike).
import type { Check, ProcessSelector } from '../../shared/lab';
import type { CgroupNode, CgroupSnapshot, CgroupUsage, CpuLimit } from '../../shared/cgroup-snapshot';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import { formatCpuLimit, parseCpuMax } from '../../probes/cgroup/parse';
import type { Verdict } from './namespace-checks';
import { describeSelector, noneRunning, selectProcesses } from './selectors';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** cgroup sizes: "64M" is 64 MiB, as the kernel reads it in memory.max. */
export function parseSize(text: string): number | null {
  if (text === 'max') return null;
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/.exec(text);
  if (!m) throw new Error(`not a size: ${text}`);
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1));
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'no limit (max)';
  for (const [unit, size] of [['GiB', UNITS.G!], ['MiB', UNITS.M!], ['KiB', UNITS.K!]] as const) {
    if (bytes >= size && bytes % (size / 16) === 0) return `${bytes / size} ${unit} (${bytes})`;
  }
  return `${bytes} bytes`;
}

/** The controller that holds each counter: picks the right v1 hierarchy's node. */
const COUNTER_FIELD: Record<CheckOf<'cgroup.counter'>['counter'], { field?: keyof CgroupUsage; controller?: string; label: string }> = {
  'oom-kills': { field: 'oomKills', controller: 'memory', label: 'OOM kills' },
  'memory-limit-hits': { field: 'memoryLimitHits', controller: 'memory', label: 'times the memory limit was hit' },
  'memory-current': { field: 'memoryCurrent', controller: 'memory', label: 'memory in use (bytes)' },
  'memory-peak': { field: 'memoryPeak', controller: 'memory', label: 'the most memory it ever held (bytes; v2 memory.peak, v1 memory.max_usage_in_bytes)' },
  'pids-current': { field: 'pidsCurrent', controller: 'pids', label: 'tasks (pids.current)' },
  'pids-refused': { field: 'pidsRefused', controller: 'pids', label: 'forks refused at pids.max' },
  'cpu-throttled': { field: 'cpuThrottled', controller: 'cpu', label: 'throttled periods' },
  procs: { label: 'member processes' },
};

export type CgroupResolution = { node: CgroupNode; label: string } | { missing: string };

/** The cgroup a check means: by path, or the deepest one holding a selected process. */
export function resolveCgroup(
  target: { cgroup?: string; process?: ProcessSelector },
  cgroups: CgroupSnapshot,
  namespaces: NamespaceSnapshot,
  controller?: string,
): CgroupResolution {
  const known = cgroups.cgroups.map((c) => c.path).join(', ');
  if (target.cgroup !== undefined) {
    const node = cgroups.cgroups.find((c) => c.path === target.cgroup && (!controller || c.controllers.includes(controller)));
    if (node) return { node, label: `cgroup ${node.path}` };
    return { missing: `there is no cgroup ${target.cgroup}${controller ? ` with the ${controller} controller` : ''} (the box has: ${known})` };
  }
  const selector = target.process ?? 'init';
  const pids = new Set(selectProcesses(namespaces, selector).map((p) => p.pid));
  if (pids.size === 0) return { missing: noneRunning(selector) };
  const holding = cgroups.cgroups
    .filter((c) => c.procs.some((pid) => pids.has(pid)) && (!controller || c.controllers.includes(controller)))
    .sort((a, b) => b.path.length - a.path.length);
  const node = holding[0];
  if (!node) return { missing: `${describeSelector(selector)} is in no cgroup with the ${controller ?? 'requested'} controller` };
  return { node, label: `the cgroup of ${describeSelector(selector)} (${node.path})` };
}

function describeTarget(target: { cgroup?: string; process?: ProcessSelector }): string {
  return target.cgroup !== undefined ? `cgroup ${target.cgroup}` : `the cgroup of ${describeSelector(target.process ?? 'init')}`;
}

export function cgroupLimit(check: CheckOf<'cgroup.limit'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot): Verdict {
  const where = describeTarget(check);
  if (check.memory !== undefined) {
    const want = parseSize(check.memory);
    const expected = `the memory limit of ${where} to be ${formatBytes(want)}`;
    const found = resolveCgroup(check, cgroups, namespaces, 'memory');
    if ('missing' in found) return { pass: false, expected, found: found.missing };
    const have = found.node.limits.memoryMax ?? null;
    const misplaced = have === want || want === null ? '' : setElsewhere(cgroups, found.node, (n) => n.limits.memoryMax === want);
    return { pass: have === want, expected, found: `${found.label} has ${formatBytes(have)}${misplaced}` };
  }
  if (check.cpu !== undefined) {
    // The lesson is the share of each period, not one pair: 20 ms per 40 ms is 0.5 CPU as much as 50 ms per 100 ms.
    const want = parseCpuMax(check.cpu);
    const expected = `the CPU limit (cpu.max) of ${where} to be ${describeCpuShare(want)} ("${formatCpuLimit(want)}" or any quota/period in that ratio)`;
    const found = resolveCgroup(check, cgroups, namespaces, 'cpu');
    if ('missing' in found) return { pass: false, expected, found: found.missing };
    const have = found.node.limits.cpu;
    if (!have) return { pass: false, expected, found: `${found.label} reports no CPU limit files` };
    const pass = cpuShare(have) === cpuShare(want);
    const misplaced = pass || cpuShare(want) === null ? '' : setElsewhere(cgroups, found.node, (n) => n.limits.cpu !== undefined && cpuShare(n.limits.cpu) === cpuShare(want));
    return { pass, expected, found: `${found.label} has "${formatCpuLimit(have)}", ${describeCpuShare(have)}${misplaced}` };
  }
  const want = check.pids === 'max' || check.pids === undefined ? null : check.pids;
  const expected = `pids.max of ${where} to be ${want ?? 'max'}`;
  const found = resolveCgroup(check, cgroups, namespaces, 'pids');
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const have = found.node.limits.pidsMax ?? null;
  const misplaced = have === want || want === null ? '' : setElsewhere(cgroups, found.node, (n) => n.limits.pidsMax === want);
  return { pass: have === want, expected, found: `${found.label} has ${have ?? 'max'}${misplaced}` };
}

/**
 * A classic slip: the right limit written into the wrong cgroup's file (the box's
 * own, a parent, a sibling). Says where it went, so the learner moves it rather
 * than doubts the value. Only asked about real limits: every cgroup may be unlimited.
 */
function setElsewhere(cgroups: CgroupSnapshot, target: CgroupNode, holds: (node: CgroupNode) => boolean): string {
  const others = cgroups.cgroups.filter((n) => n.path !== target.path && holds(n)).map((n) => n.path);
  if (others.length === 0 || others.length > 3) return '';
  return `; that limit is set on cgroup ${others.join(' and ')} instead: write it into ${target.path}'s own file`;
}

/** CPUs' worth of time per period, rounded so that 1/3 written two ways compares equal; null: no quota. */
function cpuShare(cpu: CpuLimit): number | null {
  return cpu.quotaUs === null || cpu.periodUs <= 0 ? null : Math.round((cpu.quotaUs / cpu.periodUs) * 1e6) / 1e6;
}

function describeCpuShare(cpu: CpuLimit): string {
  const share = cpuShare(cpu);
  return share === null ? 'no CPU quota' : `${share} CPU`;
}

/**
 * What a step's `since: step-start` counters count from: the box's cgroups as
 * the step began, or, where nobody saw it begin (the app restarted mid-step),
 * as the learner first checked it.
 */
export interface StepBaseline {
  cgroups: CgroupSnapshot;
  from: 'step-start' | 'first-check';
}

/**
 * A cumulative counter's growth since the baseline. A cgroup made during the
 * step counts from 0, and so does one removed and made again (its counter is
 * then below the baseline's): the kernel starts a new cgroup's events at 0.
 */
export function counterIncrease(value: number, path: string, field: keyof CgroupUsage, controller: string | undefined, baseline: CgroupSnapshot): { increase: number; base: number } {
  const before = baseline.cgroups.find((c) => c.path === path && (!controller || c.controllers.includes(controller)))?.usage[field];
  const base = before !== undefined && before <= value ? before : 0;
  return { increase: value - base, base };
}

function describeBounds(check: CheckOf<'cgroup.counter'>): string {
  if (check.min !== undefined && check.max !== undefined) return `between ${check.min} and ${check.max}`;
  return check.min !== undefined ? `at least ${check.min}` : `at most ${check.max}`;
}

export function cgroupCounter(check: CheckOf<'cgroup.counter'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot, baseline?: StepBaseline): Verdict {
  const { field, controller, label } = COUNTER_FIELD[check.counter];
  const since = check.since === undefined ? '' : ` since ${baseline?.from === 'first-check' ? 'your first check of this step (nslab did not see the step begin)' : 'this step began'}`;
  const expected = `${since ? 'new ' : ''}${label} of ${describeTarget(check)}${since} to be ${describeBounds(check)}`;
  const found = resolveCgroup(check, cgroups, namespaces, controller);
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  // The probe's own processes pass through cgroups too; count only the box's processes.
  const live = new Set(namespaces.processes.map((p) => p.pid));
  const total = field ? found.node.usage[field] : found.node.procs.filter((pid) => live.has(pid)).length;
  if (total === undefined) return { pass: false, expected, found: `${found.label} does not report it` };
  let value = total;
  let detail = `${total}`;
  if (check.since !== undefined) {
    // The schema allows `since` only on cumulative counters, which all have a field.
    if (!field || !baseline) return { pass: false, expected, found: 'no reading of the cgroups from when the step began' };
    const { increase, base } = counterIncrease(total, found.node.path, field, controller, baseline.cgroups);
    value = increase;
    detail = `${increase} new (${total} in all, ${base} before)`;
  }
  const pass = (check.min === undefined || value >= check.min) && (check.max === undefined || value <= check.max);
  return { pass, expected, found: `${found.label} has ${detail}` };
}

export function cgroupMember(check: CheckOf<'cgroup.member'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot): Verdict {
  const expected = `${describeSelector(check.process)} in cgroup ${check.cgroup}`;
  const processes = selectProcesses(namespaces, check.process);
  if (processes.length === 0) return { pass: false, expected, found: noneRunning(check.process) };
  const node = cgroups.cgroups.find((c) => c.path === check.cgroup);
  if (!node) return { pass: false, expected, found: `there is no cgroup ${check.cgroup} (the box has: ${cgroups.cgroups.map((c) => c.path).join(', ')})` };
  const inside = processes.find((p) => node.procs.includes(p.pid));
  if (inside) return { pass: true, expected, found: `pid ${inside.pid} is a member` };
  const where = processes
    .map((p) => `pid ${p.pid} is in ${cgroups.cgroups.filter((c) => c.procs.includes(p.pid)).map((c) => c.path).join(' and ') || 'none it can see'}`)
    .join('; ');
  return { pass: false, expected, found: where };
}

/** Time between two snapshots on the box's own clock, when both carry it. */
export function boxElapsedMs(before: CgroupSnapshot, after: CgroupSnapshot): number | undefined {
  if (before.monotonicMs === undefined || after.monotonicMs === undefined || after.monotonicMs <= before.monotonicMs) return undefined;
  return after.monotonicMs - before.monotonicMs;
}

/** CPUs used on average between two snapshots of the same cgroup. */
export function cpuRate(before: CgroupNode, after: CgroupNode, elapsedMs: number): number | undefined {
  if (before.usage.cpuUsageUs === undefined || after.usage.cpuUsageUs === undefined || elapsedMs <= 0) return undefined;
  return (after.usage.cpuUsageUs - before.usage.cpuUsageUs) / 1000 / elapsedMs;
}
