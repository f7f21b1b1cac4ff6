// Pure: cgroup files of either version -> one normalised model.
import { definedOnly } from '../../shared/defined';
import type {
  CgroupLimits,
  CgroupNode,
  CgroupSnapshot,
  CgroupUsage,
  CgroupVersion,
  CpuLimit,
  FreezerState,
  ProcCgroupEntry,
} from '../../shared/cgroup-snapshot';

/**
 * v1 has no "max": an unlimited memory.limit_in_bytes reads as the largest
 * page-aligned signed 64-bit value (9223372036854771712 on 4 KiB pages).
 * Anything this large is no limit.
 */
const V1_UNLIMITED = 2 ** 62;

export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const first = line.indexOf(':');
      const second = line.indexOf(':', first + 1);
      if (first < 0 || second < 0) throw new Error(`not a /proc/<pid>/cgroup line: ${JSON.stringify(line)}`);
      const controllers = line.slice(first + 1, second);
      return {
        hierarchyId: Number(line.slice(0, first)),
        controllers: controllers === '' ? [] : controllers.split(','),
        path: line.slice(second + 1),
      };
    });
}

/** "max" or a number; v1's huge "unlimited" values and -1 become null too. */
export function parseLimit(value: string): number | null {
  const v = value.trim();
  if (v === 'max' || v === '-1') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a cgroup limit: ${JSON.stringify(value)}`);
  return n >= V1_UNLIMITED ? null : n;
}

/** v2 cpu.max: "max 100000" or "50000 100000". */
export function parseCpuMax(text: string): CpuLimit {
  const [quota = 'max', period = '100000'] = text.trim().split(/\s+/);
  return { quotaUs: parseLimit(quota), periodUs: Number(period) };
}

/** v1 cpu.cfs_quota_us (-1 = none) + cpu.cfs_period_us. */
export function parseV1Cpu(quota: string, period: string): CpuLimit {
  return { quotaUs: parseLimit(quota), periodUs: Number(period.trim()) };
}

/** "key value" lines: cpu.stat, memory.events, memory.oom_control, pids.events. */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) out[key] = Number(value);
  }
  return out;
}

/** cpu.max-style text for a limit: how both versions are shown and compared. */
export function formatCpuLimit(cpu: CpuLimit): string {
  return `${cpu.quotaUs ?? 'max'} ${cpu.periodUs}`;
}

/** Which version a box runs, from the fs types of its cgroup mounts. */
export function detectCgroupVersion(fsTypes: string[]): CgroupVersion {
  const v1 = fsTypes.includes('cgroup');
  const v2 = fsTypes.includes('cgroup2');
  if (v1 && v2) return 'hybrid';
  return v2 ? 'v2' : 'v1';
}

/** The files of one cgroup directory of one hierarchy, as the probe read them. */
export interface CgroupDirectory {
  /** controllers of the hierarchy ("unified" content for v2 comes from cgroup.controllers) */
  hierarchy: 'v2' | string[];
  path: string;
  files: Record<string, string>;
}

function numberOf(files: Record<string, string>, name: string): number | undefined {
  const text = files[name];
  return text === undefined || text.trim() === '' ? undefined : Number(text.trim());
}

function limitOf(files: Record<string, string>, name: string): number | null | undefined {
  const text = files[name];
  return text === undefined ? undefined : parseLimit(text);
}


/** What a directory says beyond limits and usage: its freezer and, on v1, its device list. */
type CgroupState = Pick<CgroupNode, 'freezer' | 'devices'>;
type DirectoryValues = { limits: CgroupLimits; usage: CgroupUsage; state: CgroupState };

/** v2: cgroup.freeze is what was asked, cgroup.events "frozen" what the kernel finished. */
function v2Freezer(files: Record<string, string>): FreezerState | undefined {
  if (files['cgroup.freeze'] === undefined) return undefined;
  if (parseKeyValues(files['cgroup.events'] ?? '').frozen === 1) return 'frozen';
  return files['cgroup.freeze'].trim() === '1' ? 'freezing' : 'thawed';
}

const V1_FREEZER: Record<string, FreezerState> = { FROZEN: 'frozen', FREEZING: 'freezing', THAWED: 'thawed' };

function v2Values(files: Record<string, string>): DirectoryValues {
  const cpuStat = parseKeyValues(files['cpu.stat'] ?? '');
  const events = parseKeyValues(files['memory.events'] ?? '');
  const pidsEvents = parseKeyValues(files['pids.events'] ?? '');
  return {
    limits: definedOnly({
      cpu: files['cpu.max'] === undefined ? undefined : parseCpuMax(files['cpu.max']),
      memoryMax: limitOf(files, 'memory.max'),
      swapMax: limitOf(files, 'memory.swap.max'),
      pidsMax: limitOf(files, 'pids.max'),
      cpuWeight: numberOf(files, 'cpu.weight'),
    }),
    state: definedOnly({ freezer: v2Freezer(files) }),
    usage: definedOnly({
      cpuUsageUs: cpuStat.usage_usec,
      cpuPeriods: cpuStat.nr_periods,
      cpuThrottled: cpuStat.nr_throttled,
      memoryCurrent: numberOf(files, 'memory.current'),
      memoryPeak: numberOf(files, 'memory.peak'),
      oomKills: files['memory.events'] === undefined ? undefined : (events.oom_kill ?? 0),
      memoryLimitHits: events.max,
      pidsCurrent: numberOf(files, 'pids.current'),
      pidsRefused: pidsEvents.max,
    }),
  };
}

function v1Values(files: Record<string, string>): DirectoryValues {
  const cpuStat = parseKeyValues(files['cpu.stat'] ?? '');
  const oom = parseKeyValues(files['memory.oom_control'] ?? '');
  const pidsEvents = parseKeyValues(files['pids.events'] ?? '');
  const cpuacct = numberOf(files, 'cpuacct.usage');
  return {
    limits: definedOnly({
      cpu:
        files['cpu.cfs_quota_us'] === undefined || files['cpu.cfs_period_us'] === undefined
          ? undefined
          : parseV1Cpu(files['cpu.cfs_quota_us'], files['cpu.cfs_period_us']),
      memoryMax: limitOf(files, 'memory.limit_in_bytes'),
      swapMax: limitOf(files, 'memory.memsw.limit_in_bytes'),
      pidsMax: limitOf(files, 'pids.max'),
      cpuShares: numberOf(files, 'cpu.shares'),
    }),
    state: definedOnly({
      freezer: files['freezer.state'] === undefined ? undefined : V1_FREEZER[files['freezer.state'].trim()],
      devices: files['devices.list'] === undefined ? undefined : files['devices.list'].split('\n').map((l) => l.trim()).filter(Boolean),
    }),
    usage: definedOnly({
      // cpuacct.usage counts nanoseconds
      cpuUsageUs: cpuacct === undefined ? undefined : Math.round(cpuacct / 1000),
      cpuPeriods: cpuStat.nr_periods,
      cpuThrottled: cpuStat.nr_throttled,
      memoryCurrent: numberOf(files, 'memory.usage_in_bytes'),
      memoryPeak: numberOf(files, 'memory.max_usage_in_bytes'),
      // oom_kill appeared in memory.oom_control in Linux 4.13
      oomKills: files['memory.oom_control'] === undefined ? undefined : (oom.oom_kill ?? 0),
      memoryLimitHits: numberOf(files, 'memory.failcnt'),
      pidsCurrent: numberOf(files, 'pids.current'),
      pidsRefused: pidsEvents.max,
    }),
  };
}

function parsePids(text: string | undefined): number[] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** Merges the directories of every hierarchy into one node per cgroup path. */
export function buildCgroupSnapshot(version: CgroupVersion, dirs: CgroupDirectory[], takenAt = new Date().toISOString()): CgroupSnapshot {
  const nodes = new Map<string, CgroupNode>();
  for (const dir of dirs) {
    const node = nodes.get(dir.path) ?? { path: dir.path, limits: {}, usage: {}, procs: [], controllers: [] };
    const { limits, usage, state } = dir.hierarchy === 'v2' ? v2Values(dir.files) : v1Values(dir.files);
    Object.assign(node.limits, limits);
    Object.assign(node.usage, usage);
    Object.assign(node, state);
    const pids = parsePids(dir.files['cgroup.procs']).sort((a, b) => a - b);
    node.procs = [...new Set([...node.procs, ...pids])].sort((a, b) => a - b);
    if (dir.hierarchy !== 'v2') for (const controller of dir.hierarchy) (node.procsByController ??= {})[controller] = pids;
    const controllers = dir.hierarchy === 'v2' ? (dir.files['cgroup.controllers'] ?? '').trim().split(/\s+/).filter(Boolean) : dir.hierarchy;
    node.controllers = [...new Set([...node.controllers, ...controllers])].sort();
    nodes.set(dir.path, node);
  }
  return { takenAt, version, cgroups: [...nodes.values()].sort((a, b) => a.path.localeCompare(b.path)) };
}

/** Probe output (see script.ts) -> snapshot. */
export function parseCgroupProbe(output: string, takenAt = new Date().toISOString()): CgroupSnapshot {
  const hierarchies = new Map<string, { fsType: string; fsRoot: string; hierarchy: 'v2' | string[] }>();
  const dirs: CgroupDirectory[] = [];
  let dir: CgroupDirectory | undefined;
  let file: string | undefined;

  for (const line of output.split('\n')) {
    if (line.startsWith('M ')) {
      const [target = '', fsType = '', fsRoot = '/', options = ''] = line.slice(2).split('\t');
      const hierarchy = fsType === 'cgroup2' ? 'v2' : options.split(',').filter((o) => o !== 'rw' && o !== 'ro' && !o.includes('='));
      hierarchies.set(target, { fsType, fsRoot, hierarchy });
    } else if (line.startsWith('D ')) {
      const [target = '', below = ''] = line.slice(2).split('\t');
      const mount = hierarchies.get(target);
      file = undefined;
      if (!mount) {
        dir = undefined;
        continue;
      }
      dir = { hierarchy: mount.hierarchy, path: joinCgroupPath(mount.fsRoot, below), files: {} };
      dirs.push(dir);
    } else if (line.startsWith('F ') && dir) {
      file = line.slice(2);
      dir.files[file] = '';
    } else if (line.startsWith('| ') && dir && file) {
      dir.files[file] += `${line.slice(2)}\n`;
    }
  }
  const version = detectCgroupVersion([...hierarchies.values()].map((h) => h.fsType));
  return buildCgroupSnapshot(version, dirs, takenAt);
}

function joinCgroupPath(root: string, below: string): string {
  const joined = `${root === '/' ? '' : root}${below}`;
  return joined === '' ? '/' : joined;
}
