// A pod's processes as its kind node sees them, with their namespaces: the
// bridge between the Kubernetes half of nslab (pods) and the kernel half
// (namespaces of processes). Inodes compare with NamespaceSnapshot's.
import type { NamespaceType } from './lab';

/** A process on the node: its pid there and the inode of each /proc/<pid>/ns link. */
export interface NodeProcess {
  /** in the node's PID namespace, as `crictl inspect` reports it (info.pid) */
  pid: number;
  namespaces: Partial<Record<NamespaceType, number>>;
}

export interface PodContainerProcess extends NodeProcess {
  /** the container's name in the pod spec */
  name: string;
  containerId: string;
}

export interface PodNamespaceSnapshot {
  takenAt: string;
  namespace: string;
  pod: string;
  /** the node (= kind node container) the pod runs on */
  node: string;
  /** the pod sandbox's pause process, which holds the namespaces the containers share */
  sandbox: NodeProcess & { sandboxId: string };
  /** the running containers, in the order crictl lists them */
  containers: PodContainerProcess[];
}

/** Pod namespaces can only be read on kind; elsewhere the reading says why not. */
export type PodNamespaceReading = { available: true; snapshot: PodNamespaceSnapshot } | { available: false; reason: string };
