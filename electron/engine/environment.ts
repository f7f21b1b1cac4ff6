import type Docker from 'dockerode';
import type { CgroupSnapshot, CgroupVersion } from '../shared/cgroup-snapshot';
import type { MountSnapshot } from '../shared/mount-snapshot';
import type { NamespaceSnapshot } from '../shared/snapshots';
import type { NetSnapshot } from '../shared/net-snapshot';
// What the engine needs of an environment: run a read, open a shell. The Docker
// lab box is one; a Kubernetes cluster (kind, or the learner's own) is another.

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
}

export interface ExecOptions {
  timeoutMs?: number;
  env?: string[];
}

/**
 * The name ($0) every probe's shell runs under, so that a namespace probe can
 * leave out the processes of other probes running at the same moment.
 */
export const PROBE_NAME = 'nslab-probe';

export interface EnvironmentShell {
  write(data: string): void;
  onData(listener: (data: string) => void): () => void;
  readonly exited: Promise<void>;
  dispose(): void;
}

/**
 * What runs a Kubernetes lab's pods. kind: real kubelets in node containers
 * nslab can `docker exec` into; kwok: simulated nodes (the test control plane),
 * pods get a phase but no container runs; cluster: any other, real kubelets
 * whose nodes nslab cannot reach.
 */
export type ClusterKind = 'kind' | 'kwok' | 'cluster';

export interface EnvironmentFacts {
  /** the lab box's; absent where there is no box (a Kubernetes lab) */
  cgroupVersion?: CgroupVersion;
  /** a Kubernetes lab's; absent in a box */
  cluster?: ClusterKind;
}

/** One reading of a lab box: the three kinds of state, read in one pass. */
export interface BoxReading {
  namespaces: NamespaceSnapshot;
  /** the mount table of each mount namespace, read through its lowest pid */
  mounts: MountSnapshot;
  cgroups: CgroupSnapshot;
  /** each network namespace of the box's processes, and the box's own links and bridges */
  net: NetSnapshot;
}

export type FileReading = { text: string } | { error: string };

/**
 * The live state of a lab box, read by something the learner cannot replace
 * (the probe agent beside the box). Panels and checks read only this.
 */
export interface BoxState {
  /** a reading begun after this call */
  read(): Promise<BoxReading>;
  /**
   * readings as they change: a namespace, mount or cgroup change as it happens, the
   * counters (CPU, memory, network) read again every `intervalMs`; returns the unsubscribe
   */
  watch(listener: (reading: BoxReading) => void, intervalMs: number): () => void;
  /** the first `maxBytes` of a file of the box, its path resolved inside the box's root */
  readFile(path: string, maxBytes: number): Promise<FileReading>;
  /** the listing of an overlay's dirs as `pid` sees them (format: probes/overlay/parse.ts) */
  listOverlay(pid: number, upperDir: string | undefined, lowerDirs: readonly string[]): Promise<string>;
}

/**
 * A Kubernetes lab's cluster as its checks and probes read it: through nslab's
 * own credentials (never the learner's, which may not read a node or another
 * namespace), with the learner's names to find what is theirs.
 */
export interface ClusterAccess {
  /** the learner's namespace */
  readonly namespace: string;
  /** prepended to cluster-scoped names the learner creates: "alice-pv-5g" */
  readonly prefix: string;
  /** the learner's name, as ${NSLAB_LEARNER} in lab files */
  readonly learner: string;
  /** the CSI driver's call log; undefined where none is readable */
  readonly csiLog: string | undefined;
  /** a script with kubectl on nslab's own kubeconfig */
  nslabExec(script: string, options?: ExecOptions): Promise<ExecResult>;
  /** the Docker engine DOCKER_HOST names, where a kind node's container is: connected once, for node.* checks */
  nodeEngine(): Promise<Docker>;
}

export interface LabEnvironment {
  /** what the environment turned out to be; solutions and checks adapt to it */
  readonly facts: EnvironmentFacts;
  /** how it runs, shown in grades: e.g. "docker lab box 1a2b (confined, cgroup v1)" */
  readonly description: string;
  /** the box's state; absent where there is no box (a Kubernetes lab) */
  readonly state?: BoxState;
  /** the cluster; absent where there is none (a kernel lab) */
  readonly kube?: ClusterAccess;
  exec(script: string, options?: ExecOptions): Promise<ExecResult>;
  openShell(): Promise<EnvironmentShell>;
}
