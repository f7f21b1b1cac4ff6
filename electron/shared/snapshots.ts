// Snapshots: typed, serialisable pictures of live state. Panels render them and
// checks are predicates over them, so what the learner sees is what is graded.
import type { NamespaceType } from './lab';

/** A process of the lab box, as the box's own PID namespace sees it. */
export interface BoxProcess {
  pid: number;
  ppid: number;
  /** `comm` from /proc/<pid>/status */
  name: string;
  /** the State letter of /proc/<pid>/status (R, S, D, T, Z…); absent in readings older than the field */
  state?: string;
  /** argv joined by single spaces; empty for kernel threads and zombies */
  command: string;
  /** NSpid: the PID in each nested PID namespace, outermost first */
  nspid: number[];
  /** inode of each /proc/<pid>/ns/<type> link the kernel exposes */
  namespaces: Partial<Record<NamespaceType, number>>;
}

export interface NamespaceSnapshot {
  takenAt: string;
  processes: BoxProcess[];
  /** hostname per UTS namespace inode, read from inside that namespace */
  hostnames: Record<number, string>;
  /** ID maps per user namespace inode: "inside outside count" lines, spaces folded */
  userMaps: Record<number, { uidMap: string[]; gidMap: string[] }>;
  /**
   * Per namespace inode: the user namespace that owns it and, for user and PID
   * namespaces, the parent (lsns ONS/PNS). Absent where the kernel shows none to the box.
   */
  relations: Record<number, { type: string; owner?: number; parent?: number }>;
  /** a proc of another PID namespace is mounted over the box's own /proc (see engine/checks/pitfalls.ts) */
  procOverBox?: true;
  /**
   * Processes of PID namespaces below the box's that the probe saw and then saw
   * exit, oldest first (the last 200): the end state cannot tell a namespace that
   * died with its init from one whose processes were killed one by one.
   */
  exited?: ExitedProcess[];
  /**
   * The probe began recording exits after the learner had worked in the box (a
   * grade attached to a box no nslab was watching): an exit before then is
   * unknown to it, so no record is no proof.
   */
  exitsBegunLate?: true;
}

export interface ExitedProcess {
  /** as the last reading before its exit saw it */
  process: BoxProcess;
  /**
   * the inode of the PID namespace whose init was already ending (exiting or gone)
   * when it died: the kernel killed it with that namespace. Absent: every init
   * above it still ran, so something killed it on its own.
   */
  endedWith?: number;
  /** it died while no probe agent ran (one was killed, or nslab was closed): that it died is known, how is not */
  unseen?: true;
}

/** The PID the process sees for itself: the innermost NSpid entry. */
export function innerPid(p: BoxProcess): number {
  return p.nspid[p.nspid.length - 1] ?? p.pid;
}
