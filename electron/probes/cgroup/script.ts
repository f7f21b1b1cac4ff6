// The read half of the cgroup probe. Prints, per cgroup hierarchy mounted in the
// box (v1: one per controller group; v2: the unified one):
//   M <mount point>\t<fs type>\t<fs root>\t<super options>
// then per cgroup directory under it
//   D <mount point>\t<path below the mount point>
//   F <file name>, followed by its lines as "| <line>"
// and first of all
//   U <seconds since boot>
// the box's own clock, so that rates (CPU used per second) divide by time as the
// kernel that accounts the CPU sees it, not by the host's time around a slow exec.
// Only the files the model needs are read, with shell builtins (no fork per file).
const FILES = [
  'cgroup.procs',
  'cgroup.controllers',
  'cpu.max',
  'cpu.stat',
  'cpu.cfs_quota_us',
  'cpu.cfs_period_us',
  'cpuacct.usage',
  'memory.max',
  'memory.current',
  'memory.peak',
  'memory.events',
  'memory.swap.max',
  'memory.limit_in_bytes',
  'memory.usage_in_bytes',
  'memory.max_usage_in_bytes',
  'memory.failcnt',
  'memory.oom_control',
  'memory.memsw.limit_in_bytes',
  'pids.max',
  'pids.current',
  'pids.events',
];

// Cgroup mount points are the engine's (/sys/fs/cgroup/...): no escaped characters.
export const CGROUP_PROBE_SCRIPT = String.raw`
read -r up _ < /proc/uptime && echo "U $up"
mounts=$(findmnt -rn -t cgroup,cgroup2 -o TARGET,FSTYPE,FSROOT,FS-OPTIONS | sort -u -k1,1)
echo "$mounts" | while read -r target fstype fsroot opts; do
  case "$fstype:$opts" in
    cgroup2:*|cgroup:*cpu*|cgroup:*memory*|cgroup:*pids*) ;;
    *) continue;;
  esac
  printf 'M %s\t%s\t%s\t%s\n' "$target" "$fstype" "$fsroot" "$opts"
  find "$target" -type d 2>/dev/null | while IFS= read -r d; do
    printf 'D %s\t%s\n' "$target" "${'$'}{d#"$target"}"
    for f in ${FILES.join(' ')}; do
      [ -r "$d/$f" ] || continue
      echo "F $f"
      while IFS= read -r line; do echo "| $line"; done < "$d/$f" 2>/dev/null
    done
  done
done
`;
