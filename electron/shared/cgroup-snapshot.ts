// cgroup state, normalised across cgroup v1 and v2 so panels and checks need
// not care which one the host runs.

/** v1: only v1 hierarchies; v2: only the unified one; hybrid: both mounted. */
export type CgroupVersion = 'v1' | 'v2' | 'hybrid';

/** One line of /proc/<pid>/cgroup. v2's line has hierarchy 0 and no controllers. */
export interface ProcCgroupEntry {
  hierarchyId: number;
  controllers: string[];
  path: string;
}

export interface CpuLimit {
  /** microseconds of CPU per period; null = no limit */
  quotaUs: number | null;
  periodUs: number;
}

export interface CgroupLimits {
  cpu?: CpuLimit;
  /** null = no limit */
  memoryMax?: number | null;
  /** memory + swap (v1 memsw) or swap alone (v2 memory.swap.max), as the kernel names it */
  swapMax?: number | null;
  pidsMax?: number | null;
  /** v2 cpu.weight (1-10000, default 100): a share of contended CPU, not a limit */
  cpuWeight?: number;
  /** v1 cpu.shares (default 1024): the same idea on v1's scale */
  cpuShares?: number;
}

/** v2 cgroup.freeze + cgroup.events "frozen", v1 freezer.state: freezing is asked for, not yet done. */
export type FreezerState = 'frozen' | 'freezing' | 'thawed';

export interface CgroupUsage {
  /** total CPU time consumed, microseconds */
  cpuUsageUs?: number;
  cpuPeriods?: number;
  cpuThrottled?: number;
  memoryCurrent?: number;
  /** the most memory the cgroup ever held (v2 memory.peak, v1 memory.max_usage_in_bytes): proof that work ran there */
  memoryPeak?: number;
  /** processes killed by the OOM killer in this cgroup */
  oomKills?: number;
  /** v1: times the limit was hit (memory.failcnt); v2: memory.events "max" */
  memoryLimitHits?: number;
  pidsCurrent?: number;
  /** forks refused because pids.max was reached */
  pidsRefused?: number;
}

export interface CgroupNode {
  /** path relative to the cgroup namespace root, e.g. "/" or "/lab-mem" */
  path: string;
  limits: CgroupLimits;
  usage: CgroupUsage;
  /** member PIDs, as the box sees them (v1: of every hierarchy the cgroup is in) */
  procs: number[];
  /**
   * v1 only: member PIDs per controller. Its hierarchies may be mounted apart
   * (cpu and cpuacct are, beside Docker), so a task can be counted in one
   * cgroup's cpuacct and weighted by another's cpu.
   */
  procsByController?: Record<string, number[]>;
  /** controllers that have this cgroup (v1: the hierarchies it exists in) */
  controllers: string[];
  /** absent where the kernel shows none: the root cgroup, a v1 cgroup outside the freezer hierarchy */
  freezer?: FreezerState;
  /** v1 devices.list lines ("c 1:5 rwm", "a *:* rwm"); v2 has no devices file (its device controller is a BPF program) */
  devices?: string[];
}

export interface CgroupSnapshot {
  takenAt: string;
  /** when it was read, on the box kernel's monotonic clock (ms): the clock CPU time is accounted by */
  monotonicMs?: number;
  version: CgroupVersion;
  cgroups: CgroupNode[];
}
