// The namespace types the panel shows, in its order, and the processes of the
// box grouped by the namespace of one type they are in. Pure.
import type { NamespaceType } from '../../../electron/shared/lab';
import type { BoxProcess, NamespaceSnapshot } from '../../../electron/shared/snapshots';

export interface NamespaceColumn {
  type: NamespaceType;
  label: string;
  title: string;
}

export const NAMESPACE_COLUMNS: readonly NamespaceColumn[] = [
  { type: 'uts', label: 'uts', title: 'UTS namespace: hostname and domain name' },
  { type: 'ipc', label: 'ipc', title: 'IPC namespace: System V IPC, POSIX message queues' },
  { type: 'mnt', label: 'mnt', title: 'mount namespace: the mount table' },
  { type: 'net', label: 'net', title: 'network namespace: interfaces, routes, ports' },
  { type: 'pid', label: 'pid', title: 'PID namespace the process is in' },
  {
    type: 'pid_for_children',
    label: 'pid→',
    title: 'pid_for_children: the PID namespace the process’s next children will be in',
  },
  { type: 'user', label: 'user', title: 'user namespace: UIDs, GIDs and capabilities' },
  { type: 'cgroup', label: 'cgroup', title: 'cgroup namespace: the root of the cgroup tree it sees' },
  { type: 'time', label: 'time', title: 'time namespace: CLOCK_MONOTONIC and CLOCK_BOOTTIME offsets' },
];

export interface NamespaceGroup {
  inode: number;
  /** the box init (PID 1) is in it */
  isInit: boolean;
  processes: BoxProcess[];
}

/** One group per namespace of `type`: the box init's first, then the others by inode; processes by PID. */
export function groupByNamespace(snapshot: NamespaceSnapshot, type: NamespaceType): NamespaceGroup[] {
  const init = snapshot.processes.find((p) => p.pid === 1) ?? snapshot.processes[0];
  const groups = new Map<number, BoxProcess[]>();
  for (const p of snapshot.processes) {
    const inode = p.namespaces[type];
    if (inode === undefined) continue;
    groups.set(inode, [...(groups.get(inode) ?? []), p]);
  }
  const initInode = init?.namespaces[type];
  return [...groups.entries()]
    .map(([inode, processes]) => ({ inode, isInit: inode === initInode, processes: processes.sort((a, b) => a.pid - b.pid) }))
    .sort((a, b) => Number(b.isInit) - Number(a.isInit) || a.inode - b.inode);
}
