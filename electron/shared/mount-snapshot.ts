// Snapshots of mounts and overlay filesystems, as the kernel reports them in
// /proc/<pid>/mountinfo and as an overlay's upper dir holds them on disk.

/**
 * How a mount takes part in propagation (mount_namespaces(7)). A mount that is
 * both a peer of one group and a slave of another is `shared-and-slave`.
 */
export type Propagation = 'shared' | 'slave' | 'shared-and-slave' | 'private' | 'unbindable';

/** One line of /proc/<pid>/mountinfo, with the kernel's octal escapes decoded. */
export interface Mount {
  id: number;
  parentId: number;
  major: number;
  minor: number;
  /** the directory of the filesystem that forms this mount's root ("/" unless a bind of a subdir) */
  root: string;
  /** relative to the reading process's root */
  mountPoint: string;
  /** per-mount options, e.g. rw, nosuid, relatime */
  options: string[];
  /** peer group id (`shared:N`) */
  shared?: number;
  /** the peer group this mount is a slave of (`master:N`) */
  master?: number;
  /** the nearest peer group this slave receives from that the reader can see (`propagate_from:N`) */
  propagateFrom?: number;
  unbindable: boolean;
  fsType: string;
  source: string;
  /** per-superblock options, e.g. an overlay's lowerdir/upperdir/workdir */
  superOptions: string[];
  propagation: Propagation;
}

/** The mounts of one mount namespace, read through one representative process. */
export interface MountTable {
  /** inode of the /proc/<pid>/ns/mnt link */
  mntNs: number;
  pid: number;
  mounts: Mount[];
}

export interface PeerGroupMember {
  mntNs: number;
  mountId: number;
  mountPoint: string;
}

/** Mounts that receive each other's mount events (`shared:N`), in every namespace read, and their slaves. */
export interface PeerGroup {
  id: number;
  members: PeerGroupMember[];
  /** mounts with `master:N` equal to this group: they receive its events but send none back */
  slaves: PeerGroupMember[];
}

export interface MountSnapshot {
  takenAt: string;
  tables: MountTable[];
  peerGroups: PeerGroup[];
}

export interface OverlayMount {
  mntNs: number;
  mountPoint: string;
  /** topmost first, as in the lowerdir option */
  lowerDirs: string[];
  /** absent for a read-only overlay (lower dirs only) */
  upperDir?: string;
  workDir?: string;
}

/**
 * What an entry of the upper dir means for the merged view: a whiteout hides a
 * lower entry, an opaque dir hides the whole lower dir of that name, a copied-up
 * entry shadows a lower one it was copied from (the kernel's trusted.overlay.origin
 * says so), a replaced one shadows a lower one without being its copy (written
 * into the upper dir by hand, or made anew after a delete), a new one exists only
 * in the upper dir.
 */
export type OverlayEntryState = 'whiteout' | 'copied-up' | 'replaced' | 'new' | 'opaque-dir';

export interface OverlayEntry {
  /** relative to the merged root, e.g. "etc/motd" */
  path: string;
  state: OverlayEntryState;
  /** for a whiteout: the kind of the lower entry it hides */
  kind: 'file' | 'dir' | 'other';
}

export interface OverlaySnapshot {
  takenAt: string;
  mount: OverlayMount;
  /** the upper dir's entries, sorted by path */
  entries: OverlayEntry[];
}
