// What the Docker engine really allows, learned by trying rather than by
// reading its version: a throwaway privileged container (refused where the
// engine's own capability set is smaller than "all", or by policy), and one
// ordinary container that reports the cgroup controllers a box can use.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { DEFAULT_BOX_IMAGE } from '../docker/engine';
import { imagePresent } from '../docker/images';
import { sessionLabels } from '../docker/labels';
import { CONTROLLERS_PROBE, parseControllers } from './cgroup-controllers';

export interface EngineInfo {
  version: string;
  cgroupVersion?: '1' | '2';
  cgroupDriver?: string;
  /** e.g. ["name=seccomp,profile=default", "name=userns", "name=rootless"] */
  securityOptions: string[];
  runtimes: string[];
  defaultRuntime?: string;
}

export interface EngineProbe {
  info: EngineInfo;
  /** undefined: not tried, the box image is missing */
  privileged?: { allowed: boolean; refusal?: string };
  controllers?: { version: '1' | '2'; controllers: string[] };
}

interface RawInfo {
  ServerVersion?: string;
  CgroupVersion?: string;
  CgroupDriver?: string;
  SecurityOptions?: string[];
  Runtimes?: Record<string, unknown>;
  DefaultRuntime?: string;
}

export function engineInfo(raw: RawInfo): EngineInfo {
  const cgroup = raw.CgroupVersion === '1' || raw.CgroupVersion === '2' ? raw.CgroupVersion : undefined;
  return {
    version: raw.ServerVersion ?? '?',
    cgroupVersion: cgroup,
    cgroupDriver: raw.CgroupDriver,
    securityOptions: raw.SecurityOptions ?? [],
    runtimes: Object.keys(raw.Runtimes ?? {}).sort(),
    defaultRuntime: raw.DefaultRuntime,
  };
}

export async function probeEngine(docker: Docker): Promise<EngineProbe> {
  const info = engineInfo((await docker.info()) as RawInfo);
  if (!(await imagePresent(docker, DEFAULT_BOX_IMAGE))) return { info };
  const [privileged, controllers] = await Promise.all([
    runThrowaway(docker, { Privileged: true }, ['true']).then(
      () => ({ allowed: true }),
      (error: Error) => ({ allowed: false, refusal: refusalReason(error.message) }),
    ),
    runThrowaway(docker, { CgroupnsMode: 'private' }, ['sh', '-c', CONTROLLERS_PROBE]).then(parseControllers, () => undefined),
  ]);
  return { info, privileged, controllers };
}

/** Runs `cmd` to completion in a labelled, networkless box container and returns its stdout. */
async function runThrowaway(docker: Docker, hostConfig: Docker.HostConfig & { CgroupnsMode?: string }, cmd: string[]): Promise<string> {
  const container = await docker.createContainer({
    Image: DEFAULT_BOX_IMAGE,
    Entrypoint: [],
    Cmd: cmd,
    Labels: sessionLabels(`doctor-${randomBytes(4).toString('hex')}`, 'doctor'),
    HostConfig: { ...hostConfig, NetworkMode: 'none' },
  });
  try {
    await container.start();
    await container.wait();
    const logs = await container.logs({ stdout: true, stderr: false });
    return demux(logs);
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

/** The engine frames a non-TTY container's log: 8-byte headers, then the payload. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** runc's reason without the layers of "failed to create shim task: OCI runtime create failed: ...". */
export function refusalReason(message: string): string {
  return /unable to (?!start container)[^:]+: [^:]+/.exec(message)?.[0] ?? message.split(': ').slice(-2).join(': ').trim();
}
