// What isolation the Docker engine offers the lab box, and which box mode nslab
// uses there and why. `nslab doctor` prints detectIsolation(); LabBox.create
// follows boxModePlan() so the two never disagree.
import type Docker from 'dockerode';
import { type BoxSecurityMode, forcedBoxMode, securityHostConfig, SYSBOX_RUNTIME } from './box-security';
import { DEFAULT_BOX_IMAGE } from './engine';
import { LABEL_SESSION } from './labels';

/** The security-relevant part of `docker info`. */
export interface EngineSecurity {
  seccomp: boolean;
  apparmor: boolean;
  selinux: boolean;
  /** the daemon runs with userns-remap: every container's root is an unprivileged host user */
  usernsRemap: boolean;
  /** the daemon itself runs as an unprivileged user (rootless Docker) */
  rootless: boolean;
  cgroupVersion?: '1' | '2';
  runtimes: string[];
  defaultRuntime?: string;
}

export interface BoxModePlan {
  /** tried in this order; the first the engine starts is used */
  modes: BoxSecurityMode[];
  why: string;
}

export type ModeTrial = 'starts' | 'refused' | 'not tried';

export interface IsolationFacts extends EngineSecurity {
  /** seccomp profiles can be applied (the engine has seccomp) */
  seccompSupported: boolean;
  /** whether a box of each mode starts on this engine, and the engine's refusal when not */
  modes: Record<BoxSecurityMode, { trial: ModeTrial; detail?: string }>;
  /** the mode a kernel lab's box gets here (labs asking for `privileged` aside), and why */
  uses: BoxSecurityMode | undefined;
  why: string;
  /**
   * True when root in the box is root in the host's user namespace (no
   * userns-remap, no sysbox): its CAP_SYS_ADMIN then lets a determined
   * submission mount a fresh procfs or a devices cgroup and reach the host.
   * Grade untrusted work in the guest VM there.
   */
  boxRootIsHostRoot: boolean;
}

/** Pure: reads `docker info` as the engine's API returns it. */
export function parseEngineSecurity(info: unknown): EngineSecurity {
  const record = (info ?? {}) as Record<string, unknown>;
  const options = Array.isArray(record.SecurityOptions) ? record.SecurityOptions.map(String) : [];
  const has = (name: string) => options.some((o) => o === name || o.startsWith(`name=${name}`));
  const runtimes = record.Runtimes && typeof record.Runtimes === 'object' ? Object.keys(record.Runtimes) : [];
  const cgroup = String(record.CgroupVersion ?? '');
  return {
    seccomp: has('seccomp'),
    apparmor: has('apparmor'),
    selinux: has('selinux'),
    usernsRemap: has('userns'),
    rootless: has('rootless'),
    cgroupVersion: cgroup === '1' || cgroup === '2' ? cgroup : undefined,
    runtimes: runtimes.sort(),
    defaultRuntime: typeof record.DefaultRuntime === 'string' ? record.DefaultRuntime : undefined,
  };
}

/** Pure: which modes to try for a box, strongest first, and why. */
export function boxModePlan(engine: EngineSecurity, options: { labAsksPrivileged?: boolean; forced?: BoxSecurityMode }): BoxModePlan {
  if (options.forced) return { modes: [options.forced], why: `forced by NSLAB_BOX_MODE=${options.forced}` };
  if (options.labAsksPrivileged) return { modes: ['privileged'], why: 'the lab says it cannot work without --privileged' };
  if (engine.runtimes.includes(SYSBOX_RUNTIME)) {
    return { modes: ['sysbox', 'confined'], why: `the engine has ${SYSBOX_RUNTIME}: a user namespace per box` };
  }
  if (engine.usernsRemap) return { modes: ['confined'], why: "the engine remaps user namespaces: the box's root is an unprivileged host user" };
  return { modes: ['confined'], why: 'no stronger isolation on this engine: least capabilities and seccomp' };
}

export async function readEngineSecurity(docker: Docker): Promise<EngineSecurity> {
  return parseEngineSecurity(await docker.info());
}

/** The plan LabBox.create follows for a lab. */
export async function planBoxModes(docker: Docker, labAsksPrivileged = false): Promise<BoxModePlan> {
  return boxModePlan(await readEngineSecurity(docker), { labAsksPrivileged, forced: forcedBoxMode() });
}

/**
 * Everything `nslab doctor` says about the box's isolation. Starts a throwaway
 * box of each mode (`true`, removed at once) to learn what the engine allows.
 */
export async function detectIsolation(
  docker: Docker,
  { image = DEFAULT_BOX_IMAGE, engine: known }: { image?: string; /** from a `docker info` the caller already has */ engine?: EngineSecurity } = {},
): Promise<IsolationFacts> {
  const engine = known ?? (await readEngineSecurity(docker));
  const plan = boxModePlan(engine, { forced: forcedBoxMode() });
  const modes = {} as IsolationFacts['modes'];
  for (const mode of ['sysbox', 'confined', 'privileged'] as const) {
    modes[mode] = mode === 'sysbox' && !engine.runtimes.includes(SYSBOX_RUNTIME)
      ? { trial: 'not tried', detail: `the engine has no ${SYSBOX_RUNTIME} runtime` }
      : await tryMode(docker, image, mode);
  }
  const uses = plan.modes.find((m) => modes[m].trial === 'starts');
  const why = uses ? plan.why : `no box mode starts here (${plan.modes.map((m) => `${m}: ${modes[m].detail ?? modes[m].trial}`).join('; ')})`;
  return {
    ...engine,
    seccompSupported: engine.seccomp,
    modes,
    uses,
    why,
    boxRootIsHostRoot: uses !== 'sysbox' && !engine.usernsRemap && !engine.rootless,
  };
}

async function tryMode(docker: Docker, image: string, mode: BoxSecurityMode): Promise<{ trial: ModeTrial; detail?: string }> {
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      Image: image,
      Cmd: ['true'],
      Labels: { [LABEL_SESSION]: 'doctor' },
      HostConfig: { ...securityHostConfig(mode), NetworkMode: 'none' },
    });
    await container.start();
    return { trial: 'starts' };
  } catch (error) {
    return { trial: 'refused', detail: String((error as Error).message ?? error).trim() };
  } finally {
    await container?.remove({ force: true }).catch(() => undefined);
  }
}
