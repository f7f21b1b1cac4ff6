// Pure: checks over mount tables — existence, propagation, peer groups,
// overlay layers — read in the mount namespace of a chosen process.
import type { Check, ProcessSelector } from '../../shared/lab';
import type { Mount, MountSnapshot, MountTable, OverlaySnapshot } from '../../shared/mount-snapshot';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import { mountAt, parseOverlayOptions } from '../../probes/mounts/parse';
import type { Verdict } from './namespace-checks';
import { article, describeSelector, noneRunning, selectProcesses } from './selectors';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

/** One process per mount namespace: whose mountinfo the probe reads. */
export function mountNamespaceRepresentatives(namespaces: NamespaceSnapshot): number[] {
  const byNs = new Map<number, number>();
  for (const p of namespaces.processes) {
    const ns = p.namespaces.mnt;
    if (ns !== undefined && !byNs.has(ns)) byNs.set(ns, p.pid);
  }
  return [...byNs.values()];
}

type Located = { table: MountTable; where: string } | { missing: string };

export function tableOf(selector: ProcessSelector, namespaces: NamespaceSnapshot, mounts: MountSnapshot): Located {
  const process = selectProcesses(namespaces, selector)[0];
  if (!process) return { missing: noneRunning(selector) };
  const table = mounts.tables.find((t) => t.mntNs === process.namespaces.mnt);
  if (!table) return { missing: `the mount table of pid ${process.pid} could not be read` };
  return { table, where: whereOf(selector) };
}

/** "tmpfs "pa" (mount 242, shared:16)": the propagation in the kernel's own words. */
function describeMount(m: Mount): string {
  const tags = [m.shared !== undefined && `shared:${m.shared}`, m.master !== undefined && `master:${m.master}`, m.unbindable && 'unbindable'].filter(Boolean);
  return `${m.fsType} "${m.source}" (mount ${m.id}, ${tags.length ? tags.join(' ') : 'private'})`;
}

function whereOf(selector: ProcessSelector): string {
  return selector === 'init' ? "the box's mount namespace" : `the mount namespace of ${describeSelector(selector)}`;
}

export function mountExists(check: CheckOf<'mount.exists'>, namespaces: NamespaceSnapshot, mounts: MountSnapshot): Verdict {
  const located = tableOf(check.in, namespaces, mounts);
  const kind = check.fsType ? `${article(check.fsType)} mount` : 'a mount';
  const where = whereOf(check.in);
  const expected = check.present ? `${kind} at ${check.target} in ${where}` : `no mount at ${check.target} in ${where}`;
  if ('missing' in located) return { pass: false, expected, found: located.missing };
  const mount = mountAt(located.table, check.target);
  if (!check.present) return { pass: mount === undefined, expected, found: mount ? `${describeMount(mount)} is mounted there` : 'there is none' };
  if (!mount) return { pass: false, expected, found: `${check.target} is not a mount point there` };
  const pass = check.fsType === undefined || mount.fsType === check.fsType;
  return { pass, expected, found: `${describeMount(mount)} is mounted there` };
}

export function mountPropagation(check: CheckOf<'mount.propagation'>, namespaces: NamespaceSnapshot, mounts: MountSnapshot): Verdict {
  const expected = `the mount at ${check.target} to be ${check.is}`;
  const located = tableOf(check.in, namespaces, mounts);
  if ('missing' in located) return { pass: false, expected, found: located.missing };
  const mount = mountAt(located.table, check.target);
  if (!mount) return { pass: false, expected, found: `${check.target} is not a mount point in ${located.where}` };
  return { pass: mount.propagation === check.is, expected, found: `it is ${describeMount(mount)}` };
}

export function mountPeers(check: CheckOf<'mount.peers'>, namespaces: NamespaceSnapshot, mounts: MountSnapshot): Verdict {
  const relation = { peer: 'in the same peer group as', 'slave-of': 'a slave of', unrelated: 'neither a peer nor a slave of' }[check.relation];
  const expected = `the mount at ${check.target} in ${whereOf(check.in)} to be ${relation} the mount at ${check.with.target} in ${whereOf(check.with.in)}`;
  const a = tableOf(check.in, namespaces, mounts);
  const b = tableOf(check.with.in, namespaces, mounts);
  if ('missing' in a) return { pass: false, expected, found: a.missing };
  if ('missing' in b) return { pass: false, expected, found: b.missing };
  const ma = mountAt(a.table, check.target);
  const mb = mountAt(b.table, check.with.target);
  if (!ma) return { pass: false, expected, found: `${check.target} is not a mount point in ${a.where}` };
  if (!mb) return { pass: false, expected, found: `${check.with.target} is not a mount point in ${b.where}` };
  const peers = ma.shared !== undefined && ma.shared === mb.shared;
  const slave = ma.master !== undefined && ma.master === mb.shared;
  const pass = check.relation === 'peer' ? peers : check.relation === 'slave-of' ? slave : !peers && !slave;
  return { pass, expected, found: `the first is ${describeMount(ma)}, the second ${describeMount(mb)}` };
}

export function overlayLayers(check: CheckOf<'overlay.layers'>, namespaces: NamespaceSnapshot, mounts: MountSnapshot): Verdict {
  const want = `lowerdir=${check.lowerDirs.join(':')}${check.upperDir ? `, upperdir=${check.upperDir}` : ''}`;
  const expected = `an overlay at ${check.target} with ${want}`;
  const located = tableOf(check.in, namespaces, mounts);
  if ('missing' in located) return { pass: false, expected, found: located.missing };
  const mount = mountAt(located.table, check.target);
  if (!mount) return { pass: false, expected, found: `${check.target} is not a mount point in ${located.where}` };
  if (mount.fsType !== 'overlay') return { pass: false, expected, found: `it is ${describeMount(mount)}` };
  const layers = parseOverlayOptions(mount.superOptions);
  const have = `lowerdir=${layers.lowerDirs.join(':')}${layers.upperDir ? `, upperdir=${layers.upperDir}` : ''}`;
  const pass =
    layers.lowerDirs.join('\0') === check.lowerDirs.join('\0') && (check.upperDir === undefined || layers.upperDir === check.upperDir);
  return { pass, expected, found: `it has ${have}` };
}

/** What the kernel leaves behind for each state: the evidence a check names. */
const STATE_EVIDENCE: Record<Exclude<CheckOf<'overlay.entry'>['state'], 'absent'>, string> = {
  whiteout: 'a 0:0 character device in the upper dir',
  'copied-up': 'an upper copy of a lower entry, marked by the kernel with trusted.overlay.origin',
  replaced: 'an upper entry hiding a lower one, with no trusted.overlay.origin',
  new: 'an upper entry no lower dir has',
  'opaque-dir': 'an upper dir marked trusted.overlay.opaque=y',
};

export function overlayEntry(check: CheckOf<'overlay.entry'>, overlay: OverlaySnapshot | undefined): Verdict {
  const expected =
    check.state === 'absent'
      ? `no entry for ${check.path} in the upper dir of the overlay at ${check.target}`
      : `${check.path} in the overlay at ${check.target} to be ${check.state}`;
  if (!overlay) return { pass: false, expected, found: `there is no overlay mounted at ${check.target}` };
  const entry = overlay.entries.find((e) => e.path === check.path);
  const state = entry?.state ?? 'absent';
  const found =
    state === 'absent'
      ? `the upper dir ${overlay.mount.upperDir ?? '(none)'} has no ${check.path}`
      : state === 'replaced'
        ? `${check.path} in the upper dir hides the lower one but has no trusted.overlay.origin: the kernel did not copy it up, it was put there some other way`
        : `${check.path} is ${state} (${entry?.kind})`;
  const pass = state === check.state;
  // Say what was looked for, so a learner can look for it too.
  return { pass, expected, found: pass || check.state === 'absent' ? found : `${found}; ${check.state} means ${STATE_EVIDENCE[check.state]}` };
}
