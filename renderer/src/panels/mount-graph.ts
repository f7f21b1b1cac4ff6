// The mount-propagation graph's layout, from the same snapshot as the mount
// tables: one column per mount namespace, one row per mount point under the
// focus, a node where that namespace has a mount there, and links for the peer
// groups (mounts that pass mount events both ways, mount_namespaces(7)) and for
// master -> slave (one way). Pure: the component only draws what this places.
import type { Mount, MountSnapshot, Propagation } from '../../../electron/shared/mount-snapshot';
import { underPrefix } from './mount-tree';

export const COLUMN_WIDTH = 150;
export const ROW_HEIGHT = 34;
export const HEADER_HEIGHT = 30;
export const LABEL_WIDTH = 120;

export interface GraphColumn {
  mntNs: number;
  pid: number;
  x: number;
}

export interface GraphNode {
  key: string;
  mntNs: number;
  mount: Mount;
  propagation: Propagation;
  x: number;
  y: number;
}

export interface GraphLink {
  from: string;
  to: string;
  /** peer: both ways within shared:N; slave: from a member of N to a mount with master:N */
  kind: 'peer' | 'slave';
  group: number;
}

export interface MountGraph {
  columns: GraphColumn[];
  rows: { mountPoint: string; y: number }[];
  nodes: GraphNode[];
  links: GraphLink[];
  width: number;
  height: number;
}

/** The mount a path resolves to in a namespace: the last one mounted there (earlier ones are covered). */
function visibleMounts(mounts: readonly Mount[], prefix: string): Map<string, Mount> {
  const byPoint = new Map<string, Mount>();
  for (const m of mounts) if (underPrefix(m.mountPoint, prefix)) byPoint.set(m.mountPoint, m);
  return byPoint;
}

export function layoutMountGraph(snapshot: MountSnapshot, prefix: string): MountGraph {
  const tables = snapshot.tables.map((t) => ({ table: t, visible: visibleMounts(t.mounts, prefix) }));
  const points = [...new Set(tables.flatMap((t) => [...t.visible.keys()]))].sort();
  const rowY = new Map(points.map((p, i) => [p, HEADER_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2]));
  const columns = tables.map(({ table }, i) => ({ mntNs: table.mntNs, pid: table.pid, x: LABEL_WIDTH + i * COLUMN_WIDTH + COLUMN_WIDTH / 2 }));

  const nodes: GraphNode[] = tables.flatMap(({ table, visible }, i) =>
    [...visible.values()].map((mount) => ({
      key: `${table.mntNs}:${mount.id}`,
      mntNs: table.mntNs,
      mount,
      propagation: mount.propagation,
      x: columns[i]!.x,
      y: rowY.get(mount.mountPoint)!,
    })),
  );

  const links: GraphLink[] = [];
  const members = new Map<number, GraphNode[]>();
  for (const node of nodes) if (node.mount.shared !== undefined) members.set(node.mount.shared, [...(members.get(node.mount.shared) ?? []), node]);
  for (const [group, peers] of members) {
    // A chain through the peers, left to right then top to bottom, reads as one group without a tangle.
    const ordered = [...peers].sort((a, b) => a.x - b.x || a.y - b.y);
    for (let i = 1; i < ordered.length; i++) links.push({ from: ordered[i - 1]!.key, to: ordered[i]!.key, kind: 'peer', group });
  }
  for (const node of nodes) {
    const master = node.mount.master;
    if (master === undefined) continue;
    const sources = members.get(master) ?? [];
    // The master's member on the same mount point when there is one: that is where the events come from.
    const from = sources.find((s) => s.mount.mountPoint === node.mount.mountPoint) ?? sources[0];
    if (from) links.push({ from: from.key, to: node.key, kind: 'slave', group: master });
  }

  return {
    columns,
    rows: points.map((mountPoint) => ({ mountPoint, y: rowY.get(mountPoint)! })),
    nodes,
    links,
    width: LABEL_WIDTH + Math.max(1, columns.length) * COLUMN_WIDTH,
    height: HEADER_HEIGHT + Math.max(1, points.length) * ROW_HEIGHT,
  };
}
