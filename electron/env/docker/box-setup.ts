// Run in the box right after it starts: learn its cgroup version and, for labs
// that create cgroups, make the box's own cgroup tree writable.
//
// The box runs in a private cgroup namespace, so a cgroup hierarchy mounted
// afresh inside it is rooted at the box's own cgroup: whatever a lab creates
// there lives under the container's cgroup, and the runtime removes it, children
// first, with the container. The engine mounts the hierarchies read-only unless
// the box is privileged, and a read-only mount cannot be remounted while busy, so
// a fresh read-write mount is moved over each one.
//
// On v2, controllers can be enabled for children only once the box's cgroup has
// no processes of its own ("no internal processes"), so every process moves to
// /init first. `docker exec` then joins /init too: runc falls back to the init
// process's cgroup when the container's is busy (opencontainers/runc#2416).
import type { CgroupVersion } from '../../shared/cgroup-snapshot';
import type { ExecOptions } from '../../engine/environment';

export const BOX_SETUP_SCRIPT = String.raw`
set -e
types=$(findmnt -rn -t cgroup,cgroup2 -o FSTYPE | sort -u | tr '\n' ' ')
case "$types" in
  *cgroup2*cgroup*|*cgroup*cgroup2*) version=hybrid;;
  *cgroup2*) version=v2;;
  *) version=v1;;
esac
echo "cgroup-version $version"
[ "$NSLAB_WRITABLE_CGROUPS" = 1 ] || exit 0

remount_rw() { # <target> <fstype> <options>
  scratch=$(mktemp -d)
  if [ "$2" = cgroup2 ]; then mount -t cgroup2 nslab "$scratch"; else mount -t cgroup -o "$3" nslab "$scratch"; fi
  mount --move "$scratch" "$1"
  rmdir "$scratch"
}

if [ "$version" = v2 ]; then
  findmnt -rn -o OPTIONS /sys/fs/cgroup | grep -q '^rw' || remount_rw /sys/fs/cgroup cgroup2 ""
  mkdir -p /sys/fs/cgroup/init
  for pid in $(cat /sys/fs/cgroup/cgroup.procs); do echo "$pid" > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true; done
  for c in cpu memory pids; do
    grep -qw "$c" /sys/fs/cgroup/cgroup.controllers && echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control
  done
else
  # Every hierarchy, not only cpu/memory/pids: a runtime started inside the box
  # (docker-under-the-hood) creates its cgroups in all of them.
  findmnt -rn -t cgroup -o TARGET,OPTIONS,FS-OPTIONS | while read -r target options fsoptions; do
    case "$options" in ro*) ;; *) continue;; esac
    subsystems=$(echo "$fsoptions" | tr ',' '\n' | grep -Ev '^(rw|ro)$' | paste -sd, -)
    case "$subsystems" in name=*) subsystems="none,$subsystems";; esac
    remount_rw "$target" cgroup "$subsystems"
  done
fi
echo "cgroups writable"

# A Docker engine of the box's own, for labs that take containers apart from the
# outside. Its data lives on the /lab tmpfs (overlayfs cannot stack on the box's
# overlay root); it creates no bridge and no iptables rules: nothing leaves the box.
# Nor does it turn on IP forwarding, which the box's read-only /proc/sys refuses: an
# engine that leaves it off (the nslab guest's) gives the box's network namespace 0.
[ "$NSLAB_DOCKERD" = 1 ] || exit 0
mkdir -p /lab/.docker
(dockerd --data-root /lab/.docker --bridge=none --iptables=false --ip6tables=false --ip-forward=false >/var/log/nslab-dockerd.log 2>&1 &)
# Bounded by time, not tries: under emulation (the nslab guest) one \`docker info\` takes seconds.
deadline=$(( $(date +%s) + 90 ))
until docker info >/dev/null 2>&1 || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.2; done
docker info >/dev/null 2>&1 || { tail -5 /var/log/nslab-dockerd.log >&2; exit 1; }
echo "dockerd ready"
`;

/**
 * Run before a box with writable cgroups is removed. On cgroup v1 a frozen task
 * cannot die: SIGKILL waits until its cgroup is thawed, so a box whose learner
 * left a cgroup FROZEN (cgroup-weights-and-freezer) is one the engine fails to
 * kill ("did not receive an exit event"). find lists parents before children,
 * and a child thaws only once its parent has. v2 kills frozen tasks; thawing
 * there costs nothing. A box that froze its own root cannot run this (the exec
 * joins the frozen cgroup); the exec's timeout bounds that.
 */
export const BOX_THAW_SCRIPT = String.raw`
for f in $(find /sys/fs/cgroup -name freezer.state 2>/dev/null); do echo THAWED > "$f"; done 2>/dev/null
for f in $(find /sys/fs/cgroup -name cgroup.freeze 2>/dev/null); do echo 0 > "$f"; done 2>/dev/null
true
`;

export function parseBoxSetup(output: string): { cgroupVersion: CgroupVersion } {
  const version = /^cgroup-version (v1|v2|hybrid)$/m.exec(output)?.[1];
  if (!version) throw new Error(`box setup printed no cgroup version: ${output.trim() || '(nothing)'}`);
  return { cgroupVersion: version as CgroupVersion };
}

/** How BOX_SETUP_SCRIPT is run for a box, whatever runs the box. */
export function boxSetupExec(spec: { writableCgroups?: boolean; dockerd?: boolean }): ExecOptions {
  const flag = (on: boolean | undefined) => (on ? '1' : '0');
  return {
    // A Docker engine inside the box can take a minute to answer on a slow engine (a VM under emulation).
    timeoutMs: spec.dockerd ? 120_000 : 30_000,
    env: [`NSLAB_WRITABLE_CGROUPS=${flag(spec.writableCgroups || spec.dockerd)}`, `NSLAB_DOCKERD=${flag(spec.dockerd)}`],
  };
}
