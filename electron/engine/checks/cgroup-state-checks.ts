// Pure: cgroup features that are not limits: CPU weights compared between two
// cgroups, the freezer, and v1's device list. Over the normalised snapshot.
import type { Check } from '../../shared/lab';
import type { CgroupNode, CgroupSnapshot } from '../../shared/cgroup-snapshot';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import { resolveCgroup } from './cgroup-checks';
import type { Verdict } from './namespace-checks';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

/** "cpu.weight 300" (v2) or "cpu.shares 3072" (v1): the file the learner wrote, as it reads. */
export function describeWeight(node: CgroupNode): string {
  if (node.limits.cpuWeight !== undefined) return `cpu.weight ${node.limits.cpuWeight}`;
  if (node.limits.cpuShares !== undefined) return `cpu.shares ${node.limits.cpuShares}`;
  return 'no cpu.weight or cpu.shares';
}

/** One version's weight: a ratio of weights needs no conversion between v1's and v2's scales. */
function weightOf(node: CgroupNode): number | undefined {
  return node.limits.cpuWeight ?? node.limits.cpuShares;
}

const ratioText = (ratio: number) => `${ratio.toFixed(2)} times`;

export function ratioExpected(check: CheckOf<'cgroup.cpu-ratio'>): string {
  const what = check.measure === 'weight' ? 'a CPU weight (cpu.weight, v1 cpu.shares)' : `CPU use over ${check.windowMs} ms`;
  return `${what} of ${check.cgroup} between ${check.min} and ${check.max} times that of ${check.over}`;
}

/** The two cgroups the ratio compares, with the controller that holds what it measures. */
export function ratioPair(
  check: CheckOf<'cgroup.cpu-ratio'>,
  cgroups: CgroupSnapshot,
  namespaces: NamespaceSnapshot,
): { a: CgroupNode; b: CgroupNode } | { missing: string } {
  // v1 weighs in the cpu hierarchy and counts in cpuacct; v2 does both in one.
  const controller = cgroups.version === 'v2' || check.measure === 'weight' ? 'cpu' : 'cpuacct';
  const a = resolveCgroup({ cgroup: check.cgroup }, cgroups, namespaces, controller);
  if ('missing' in a) return a;
  const b = resolveCgroup({ cgroup: check.over }, cgroups, namespaces, controller);
  if ('missing' in b) return b;
  return { a: a.node, b: b.node };
}

export function weightRatio(check: CheckOf<'cgroup.cpu-ratio'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot): Verdict {
  const expected = ratioExpected(check);
  const pair = ratioPair(check, cgroups, namespaces);
  if ('missing' in pair) return { pass: false, expected, found: pair.missing };
  const found = `${check.cgroup} has ${describeWeight(pair.a)}, ${check.over} ${describeWeight(pair.b)}`;
  const a = weightOf(pair.a);
  const b = weightOf(pair.b);
  if (a === undefined || b === undefined || b === 0) return { pass: false, expected, found };
  const ratio = a / b;
  return { pass: ratio >= check.min && ratio <= check.max, expected, found: `${found}: ${ratioText(ratio)}` };
}

/**
 * v1: tasks counted by this cgroup's cpuacct but not weighted by its cpu cgroup
 * (where the hierarchies are mounted apart): their share of the CPU is not this
 * cgroup's weight's doing, whatever nice or another cgroup made it.
 */
export function unweightedPids(node: CgroupNode): number[] {
  const counted = node.procsByController?.cpuacct;
  if (counted === undefined) return [];
  const weighted = node.procsByController?.cpu ?? [];
  return counted.filter((pid) => !weighted.includes(pid));
}

/** Usage over a window: CPU microseconds each cgroup gained between two readings. */
export function usageRatio(
  check: CheckOf<'cgroup.cpu-ratio'>,
  before: { a: CgroupNode; b: CgroupNode },
  after: { a: CgroupNode; b: CgroupNode },
  elapsedMs: number,
): Verdict {
  const expected = ratioExpected(check);
  const used = (from: CgroupNode, to: CgroupNode) =>
    from.usage.cpuUsageUs === undefined || to.usage.cpuUsageUs === undefined ? undefined : to.usage.cpuUsageUs - from.usage.cpuUsageUs;
  const a = used(before.a, after.a);
  const b = used(before.b, after.b);
  if (a === undefined || b === undefined) return { pass: false, expected, found: 'a cgroup reports no CPU usage (on cgroup v1 it needs the cpuacct controller too)' };
  const cpus = (us: number) => (us / 1000 / elapsedMs).toFixed(2);
  const weights = `weights: ${check.cgroup} ${describeWeight(after.a)}, ${check.over} ${describeWeight(after.b)}`;
  const found = `${check.cgroup} used ${cpus(a)} CPUs and ${check.over} ${cpus(b)} over ${Math.round(elapsedMs)} ms`;
  if (b <= 0) return { pass: false, expected, found: `${found}: ${check.over} used none to compare with (${weights})` };
  const unweighted = [after.a, after.b].flatMap((node) =>
    unweightedPids(node).map((pid) => `pid ${pid} counts in cpuacct's ${node.path} but is not in the cpu hierarchy's ${node.path}, where its weight applies`),
  );
  if (unweighted.length > 0) return { pass: false, expected, found: `${found}; ${unweighted.join('; ')}` };
  const ratio = a / b;
  return { pass: ratio >= check.min && ratio <= check.max, expected, found: `${found}, ${ratioText(ratio)} as much (${weights})` };
}

export function cgroupFreezer(check: CheckOf<'cgroup.freezer'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot): Verdict {
  const file = cgroups.version === 'v2' ? 'cgroup.events "frozen"' : 'freezer.state';
  const expected = `${check.cgroup ?? 'the cgroup'} to be ${check.state} (${file})`;
  // v1's freezer is a hierarchy of its own; v2's is a core file of every non-root cgroup.
  const found = resolveCgroup(check, cgroups, namespaces, cgroups.version === 'v2' ? undefined : 'freezer');
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const state = found.node.freezer;
  if (state === undefined) return { pass: false, expected, found: `${found.label} has no freezer (the root cgroup cannot be frozen)` };
  return { pass: state === check.state, expected, found: `${found.label} is ${state}` };
}

/** The accesses devices.list grants one device: the union of every entry that covers it. */
export function grantedAccess(list: string[], device: string): string {
  const [type, numbers = ''] = device.split(' ');
  const [major, minor] = numbers.split(':');
  const granted = new Set<string>();
  for (const line of list) {
    const [t, n = '', access = ''] = line.split(/\s+/);
    const [ma, mi] = n.split(':');
    const covers = (t === 'a' || t === type) && (ma === '*' || ma === major) && (mi === '*' || mi === minor);
    if (covers) for (const c of access) granted.add(c);
  }
  return ['r', 'w', 'm'].filter((c) => granted.has(c)).join('');
}

export function cgroupDevices(check: CheckOf<'cgroup.devices'>, cgroups: CgroupSnapshot, namespaces: NamespaceSnapshot): Verdict {
  const expected = `${check.cgroup ?? 'the cgroup'} to deny "${check.denied}" on device ${check.device} (devices.list)`;
  const found = resolveCgroup(check, cgroups, namespaces, 'devices');
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const list = found.node.devices;
  if (list === undefined) return { pass: false, expected, found: `${found.label} has no devices.list` };
  const granted = grantedAccess(list, check.device);
  const leaked = [...check.denied].filter((c) => granted.includes(c));
  const listed = list.length > 6 ? `${list.slice(0, 6).join(', ')}, …` : list.join(', ');
  return {
    pass: leaked.length === 0,
    expected,
    found: `${found.label} grants ${check.device} "${granted || 'nothing'}" (devices.list: ${listed})`,
  };
}
