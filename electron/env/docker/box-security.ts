// What the lab box is allowed to do: its capabilities, its seccomp profile and
// which runtime runs it, per security mode. The labs need root with namespaces,
// mounts, veth pairs and cgroups; nothing here gives more than that.
import type Docker from 'dockerode';
import { nslabSeccompProfile } from './seccomp-profile';

/**
 * How the box runs, strongest first:
 * - `sysbox`: the `confined` box under the sysbox-runc runtime, where the engine
 *   has it: the box gets a user namespace of its own, so its root is an
 *   unprivileged user on the host. Preferred whenever it is available.
 * - `confined`: the default everywhere else. Only the capabilities the labs
 *   need (BOX_CAPABILITIES), nslab's seccomp profile (seccomp-profile.ts), the
 *   engine's masked and read-only /proc and /sys paths, no host devices.
 * - `privileged`: `--privileged` (every device, no seccomp, nothing masked).
 *   Never chosen by nslab; only a lab whose `environment.privileged` says it
 *   cannot work otherwise gets it, and the learner is shown that.
 *
 * `NSLAB_BOX_MODE=<mode>` forces one (tests, CI, the guest stage), and fails
 * rather than falls back when the engine refuses it.
 */
export type BoxSecurityMode = 'sysbox' | 'confined' | 'privileged';
export const BOX_SECURITY_MODES: readonly BoxSecurityMode[] = ['sysbox', 'confined', 'privileged'];

export const SYSBOX_RUNTIME = 'sysbox-runc';

/**
 * Docker's default set (CHOWN … AUDIT_WRITE), plus what the labs are made of:
 * SYS_ADMIN (unshare, setns, mount, sethostname, cgroup mounts, overlayfs'
 * trusted.* xattrs), NET_ADMIN (veth pairs, addresses, tc). Not SYS_PTRACE: the
 * probe beside the box holds it, and without it the box's root cannot reach the
 * probe's undumpable agent (nsenter into root's own processes needs no ptrace
 * capability; every lab's nsenter is of those). The engine's
 * default set stays whole because the runtime inside docker-under-the-hood's box
 * gives its containers that set, and can give only what the box holds. Everything else is
 * dropped: DAC_READ_SEARCH (open_by_handle_at), SYS_MODULE, SYS_RAWIO, SYS_BOOT,
 * SYS_TIME, SYSLOG, MAC_*, SYS_RESOURCE, SYS_NICE, IPC_LOCK, LEASE, BPF, PERFMON, ….
 */
export const BOX_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'SETFCAP',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SYS_CHROOT',
  'MKNOD',
  'AUDIT_WRITE',
  'SYS_ADMIN',
  'NET_ADMIN',
];

/**
 * What one box may take of the host, in every mode: without a ceiling a fork
 * bomb started outside its lab cgroup (cgroup-pids-limit teaches one) fills the
 * host's PID table (32768 on many hosts, shared with everything else) and a
 * runaway allocation meets the host's OOM killer. Labs use a few dozen
 * processes (docker-under-the-hood's engine a few hundred threads) and a few
 * hundred MiB. On cgroup v1 a box root can still raise its own limits through
 * the hierarchy it mounts afresh (see the README's Security section): this
 * stops accidents, not a determined attacker there.
 */
export const BOX_LIMITS = { PidsLimit: 1024, Memory: 2 * 1024 ** 3, MemorySwap: 2 * 1024 ** 3 } as const satisfies Docker.HostConfig;

/** The host config fields that make a box of this mode; `dockerd`: the box runs a Docker engine. */
export function securityHostConfig(mode: BoxSecurityMode, { dockerd = false } = {}): Docker.HostConfig {
  if (mode === 'privileged') return { Privileged: true };
  const confined: Docker.HostConfig = {
    CapDrop: ['ALL'],
    CapAdd: [...BOX_CAPABILITIES],
    // Docker's own AppArmor profile denies every mount, which every lab makes;
    // seccomp, capabilities and the masked paths confine the box instead.
    // MaskedPaths and ReadonlyPaths are left to the engine's defaults.
    SecurityOpt: [`seccomp=${JSON.stringify(nslabSeccompProfile({ cgroupDeviceFilters: dockerd }))}`, 'apparmor=unconfined'],
    // No host devices: only the engine's default /dev (null, zero, tty, …).
    Devices: [],
  };
  return mode === 'sysbox' ? { ...confined, Runtime: SYSBOX_RUNTIME } : confined;
}

/** The mode a running box was made in, from `docker inspect`. */
export function securityModeOf(hostConfig: Pick<Docker.HostConfig, 'Privileged' | 'Runtime'>): BoxSecurityMode {
  if (hostConfig.Privileged) return 'privileged';
  return hostConfig.Runtime === SYSBOX_RUNTIME ? 'sysbox' : 'confined';
}

/** NSLAB_BOX_MODE, validated; undefined when unset. */
export function forcedBoxMode(env: NodeJS.ProcessEnv = process.env): BoxSecurityMode | undefined {
  const value = env.NSLAB_BOX_MODE?.trim();
  if (!value) return undefined;
  if (!(BOX_SECURITY_MODES as readonly string[]).includes(value)) {
    throw new Error(`NSLAB_BOX_MODE=${value} is not a box mode; use one of ${BOX_SECURITY_MODES.join(', ')}.`);
  }
  return value as BoxSecurityMode;
}
