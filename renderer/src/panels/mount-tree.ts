// Pure: a mount namespace's table as the mounts panel shows it: the mounts as
// a tree (parent -> child), only those under the focus and the mounts they hang
// from unless all are asked for, mounts covered by a later one on the same
// mount point marked, and each mount's peer-group chips.
import type { Mount, MountTable, Propagation } from '../../../electron/shared/mount-snapshot';
import { peerGroupColour, type ChipColours } from './colour';
import { visiblePath } from './format';

export const PROPAGATION_TITLES: Record<Propagation, string> = {
  shared: 'shared: sends mount events to its peers and receives theirs',
  slave: 'slave: receives mount events from its master group, sends none back',
  'shared-and-slave': 'shared and slave: receives from its master group and shares with its own peers',
  private: 'private: neither sends nor receives mount events',
  unbindable: 'unbindable: private, and cannot be bind-mounted',
};

interface GroupChip {
  label: string;
  id: number;
  colours: ChipColours;
  title: string;
}

export interface Row {
  mount: Mount;
  depth: number;
  testId: string;
  /** another mount was mounted on the same mount point later and hides this one */
  covered: boolean;
  path: string;
  groups: GroupChip[];
  title: string;
}

export interface TableView {
  table: MountTable;
  first: boolean;
  link: string;
  rows: Row[];
  hidden: number;
}

export function underPrefix(mountPoint: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || mountPoint === p || mountPoint.startsWith(`${p}/`);
}

function groupChips(m: Mount): GroupChip[] {
  const chips: GroupChip[] = [];
  if (m.shared !== undefined)
    chips.push({ label: `shared:${m.shared}`, id: m.shared, colours: peerGroupColour(m.shared), title: `peer of group ${m.shared}` });
  if (m.master !== undefined)
    chips.push({ label: `master:${m.master}`, id: m.master, colours: peerGroupColour(m.master), title: `slave of group ${m.master}` });
  if (m.propagateFrom !== undefined)
    chips.push({
      label: `propagate_from:${m.propagateFrom}`,
      id: m.propagateFrom,
      colours: peerGroupColour(m.propagateFrom),
      title: `receives from group ${m.propagateFrom}, the nearest one this reader can see`,
    });
  return chips;
}

function rowTitle(m: Mount, covered: boolean): string {
  const lines = [
    visiblePath(m.mountPoint),
    `${m.fsType} from ${m.source === '' ? '(no source)' : m.source}`,
    `mount ${m.id} (parent ${m.parentId}), device ${m.major}:${m.minor}`,
    `root ${m.root}`,
    `options ${m.options.join(',')}`,
  ];
  if (m.superOptions.length) lines.push(`super options ${m.superOptions.join(',')}`);
  if (covered) lines.push('hidden under a mount made later on the same mount point');
  return lines.join('\n');
}

/** The mounts of one namespace as a tree (parentId -> id), depth first, siblings by mount point. */
export function treeRows(table: MountTable, all: boolean, prefix: string): { rows: Row[]; hidden: number } {
  const byId = new Map(table.mounts.map((m) => [m.id, m]));
  const children = new Map<number, Mount[]>();
  const roots: Mount[] = [];
  for (const m of table.mounts) {
    if (m.parentId === m.id || !byId.has(m.parentId)) roots.push(m);
    else children.set(m.parentId, [...(children.get(m.parentId) ?? []), m]);
  }

  // Visible: everything, or the mounts under the prefix and the mounts they hang from.
  const visible = new Set<number>();
  for (const m of table.mounts) {
    if (!all && !underPrefix(m.mountPoint, prefix)) continue;
    for (let at: Mount | undefined = m; at && !visible.has(at.id); at = byId.get(at.parentId)) visible.add(at.id);
  }

  // The mount a path resolves to is the last one mounted there (mountAt); earlier ones are covered.
  const lastAt = new Map<string, number>();
  table.mounts.forEach((m, i) => lastAt.set(m.mountPoint, i));

  const order = (a: Mount, b: Mount) => (a.mountPoint < b.mountPoint ? -1 : a.mountPoint > b.mountPoint ? 1 : 0);
  const rows: Row[] = [];
  const seen = new Set<number>();
  const walk = (m: Mount, depth: number) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    if (visible.has(m.id)) {
      const covered = lastAt.get(m.mountPoint) !== table.mounts.indexOf(m);
      rows.push({
        mount: m,
        depth,
        covered,
        testId: `mount-${table.mntNs}-${m.mountPoint}${covered ? `@${m.id}` : ''}`,
        path: visiblePath(m.mountPoint),
        groups: groupChips(m),
        title: rowTitle(m, covered),
      });
    }
    for (const child of [...(children.get(m.id) ?? [])].sort(order)) walk(child, depth + 1);
  };
  for (const root of [...roots].sort(order)) walk(root, 0);
  // A parent loop leaves mounts no root reaches: list them flat rather than lose them.
  for (const m of table.mounts) walk(m, 0);
  return { rows, hidden: table.mounts.length - visible.size };
}
